package host

// Constants of WASI preview1 that the wasi64 ABI keeps unchanged.

// filetype
const (
	filetypeUnknown uint8 = iota
	filetypeBlockDevice
	filetypeCharacterDevice
	filetypeDirectory
	filetypeRegularFile
	filetypeSocketDgram
	filetypeSocketStream
	filetypeSymbolicLink
)

// fdflags
const (
	fdflagAppend uint16 = 1 << iota
	fdflagDsync
	fdflagNonblock
	fdflagRsync
	fdflagSync

	fdflagsAll = fdflagAppend | fdflagDsync | fdflagNonblock | fdflagRsync | fdflagSync
)

// oflags of path_open
const (
	oflagCreat uint16 = 1 << iota
	oflagDirectory
	oflagExcl
	oflagTrunc
)

// lookupflags
const lookupSymlinkFollow = 1

// fstflags of the *_set_times functions
const (
	fstAtim uint16 = 1 << iota
	fstAtimNow
	fstMtim
	fstMtimNow
)

// whence of fd_seek
const (
	whenceSet = iota
	whenceCur
	whenceEnd
)

// clockid
const (
	clockRealtime = iota
	clockMonotonic
	clockProcessCputime
	clockThreadCputime
)

// eventtype, also the tag of a subscription
const (
	eventClock uint8 = iota
	eventFdRead
	eventFdWrite
)

// subclockflags
const subclockAbstime = 1

// advice of fd_advise; the largest value is noreuse.
const adviceNoreuse = 5

// rights
const (
	rightFdDatasync uint64 = 1 << iota
	rightFdRead
	rightFdSeek
	rightFdFdstatSetFlags
	rightFdSync
	rightFdTell
	rightFdWrite
	rightFdAdvise
	rightFdAllocate
	rightPathCreateDirectory
	rightPathCreateFile
	rightPathLinkSource
	rightPathLinkTarget
	rightPathOpen
	rightFdReaddir
	rightPathReadlink
	rightPathRenameSource
	rightPathRenameTarget
	rightPathFilestatGet
	rightPathFilestatSetSize
	rightPathFilestatSetTimes
	rightFdFilestatGet
	rightFdFilestatSetSize
	rightFdFilestatSetTimes
	rightPathSymlink
	rightPathRemoveDirectory
	rightPathUnlinkFile
	rightPollFdReadwrite
	rightSockShutdown
	rightSockAccept

	rightsAll = rightSockAccept<<1 - 1
)

// Sizes of the structures the host writes. Only prestat changes size in the
// wasi64 ABI; iovecs are in mem.go.
const (
	prestatSize      = 16
	fdstatSize       = 24
	filestatSize     = 64
	direntSize       = 24
	subscriptionSize = 48
	eventSize        = 32
)
