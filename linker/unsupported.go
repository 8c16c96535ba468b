package linker

// The features of GHC's RTS that ahc's leaves out (rts/port/README.md says
// why).
const (
	featLinker      = "the runtime linker (GHCi, plugins and packages that load object code)"
	featInterpreter = "GHCi's byte-code interpreter and libffi"
	featExecPage    = "executable pages (code written at run time)"
	featLibdw       = "stack traces through libdw"
	featSignals     = "POSIX signals"
	featTermios     = "terminal settings (termios)"
	featIOManager   = "the threaded RTS's I/O manager"
)

// unsupportedRTS are the symbols of GHC's RTS (its rts/RtsSymbols.c: what
// ghc-generated code and packages may reference) that ahc's RTS does not
// define, by feature. A link that needs one fails naming the feature;
// tests/programs checks that every other symbol of RtsSymbols.c is
// defined.
var unsupportedRTS = map[string]string{
	"addDLL":                     featLinker,
	"addLibrarySearchPath":       featLinker,
	"findSystemLibrary":          featLinker,
	"initLinker":                 featLinker,
	"initLinker_":                featLinker,
	"insertSymbol":               featLinker,
	"loadArchive":                featLinker,
	"loadObj":                    featLinker,
	"lookupSymbol":               featLinker,
	"purgeObj":                   featLinker,
	"removeLibrarySearchPath":    featLinker,
	"resolveObjs":                featLinker,
	"unloadObj":                  featLinker,
	"ffi_call":                   featInterpreter,
	"ffi_prep_cif":               featInterpreter,
	"ffi_type_double":            featInterpreter,
	"ffi_type_float":             featInterpreter,
	"ffi_type_pointer":           featInterpreter,
	"ffi_type_sint16":            featInterpreter,
	"ffi_type_sint32":            featInterpreter,
	"ffi_type_sint64":            featInterpreter,
	"ffi_type_sint8":             featInterpreter,
	"ffi_type_uint16":            featInterpreter,
	"ffi_type_uint32":            featInterpreter,
	"ffi_type_uint64":            featInterpreter,
	"ffi_type_uint8":             featInterpreter,
	"ffi_type_void":              featInterpreter,
	"rts_stop_next_breakpoint":   featInterpreter,
	"allocateExecPage":           featExecPage,
	"freeExecPage":               featExecPage,
	"freezeExecPage":             featExecPage,
	"backtraceFree":              featLibdw,
	"libdwGetBacktrace":          featLibdw,
	"libdwLookupLocation":        featLibdw,
	"libdwPoolClear":             featLibdw,
	"libdwPoolRelease":           featLibdw,
	"libdwPoolTake":              featLibdw,
	"blockUserSignals":           featSignals,
	"nocldstop":                  featSignals,
	"rtsTimerSignal":             featSignals,
	"signal_handlers":            featSignals,
	"unblockUserSignals":         featSignals,
	"__hscore_get_saved_termios": featTermios,
	"__hscore_set_saved_termios": featTermios,
	"atomic_dec":                 featIOManager,
	"ioManagerWakeup":            featIOManager,
}

// UnsupportedRTSFeature names the feature of GHC's RTS that ahc's leaves
// out and sym belongs to, or "".
func UnsupportedRTSFeature(sym string) string { return unsupportedRTS[sym] }
