// Package cmm reads the Cmm that GHC 9.0.2 dumps as text: the raw Cmm of
// Haskell modules (-ddump-cmm-raw) and the "Output Cmm" of .cmm files
// (-ddump-cmm). Parse and ParseFile turn a dump into a File (ir.go), Print
// writes it back in GHC's form, PrintCanonical in an explicit one, and
// File.MarshalBinary/UnmarshalBinary store it compactly.
//
// GHC's printer loses some information; the parser resolves it so:
//
//   - Infix MachOps carry no width: it is the first operand's (as GHC's
//     CmmParse.y infers it; GHC's own Cmm is typed so).
//   - `a & b | c`, `a & b & c` and `~a & b` print no parentheses: they are
//     read with C precedence (& over ^ over |), left-associative, prefix
//     operators binding tightest. In Raw Cmm, where they come from Cmm
//     sinking, those that mix levels or follow a prefix operator are
//     rejected: ahc runs ghc with -fno-cmm-sink.
//   - `x - 8` may be an Add of -8: it is read as a Sub.
//   - `(R1 + 8)` with an unsuffixed integer is read as a RegOff, `R1 + 8`
//     outside parentheses as an Add; both mean the same.
//   - A label difference prints no width: it is a word, except the last
//     field of a raw info table (the 32-bit SRT offset of x86-64).
//   - stg_EAGER_BLACKHOLE_info, stg_gc_enter_1 and stg_gc_fun are read as
//     labels, and as the registers they print for only as a parenthesised
//     call target, where GHC prints a label without parentheses.
//   - A `[]` hint list is read as one NoHint when there is one argument.
//   - The sign of an integer static is not kept (StaticInt holds bits).
//   - A label that starts with an operator character (`<+>_s1wdu_info`)
//     wins over a prefix `~` or `-` applied to a label.
//   - A W32 float is rounded from the printed decimal, which is the
//     Double nearest GHC's Rational, not the Rational itself.
//   - Block labels used as values (`I64[Sp - 8] = c1;`) are LabelLits.
//   - Of a safe foreign call marked interruptible GHC prints only
//     "interruptible"; that form is rejected.
package cmm
