package ghc

import (
	"bufio"
	"bytes"
	"os"
	"strings"
)

// headerModuleName reads the module name from a Haskell source's header:
// the name after `module`, skipping comments, pragmas and CPP lines, or
// "Main" when the source has no header. Literate sources (.lhs) are read
// through their code lines. It is the fallback for dumps that do not name
// their module (see dumpModuleNames); a header hidden behind CPP
// conditionals may be misread.
func headerModuleName(path string) (string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(path, ".lhs") || strings.HasSuffix(path, ".lhsig") {
		src = unlit(src)
	}
	return moduleNameOf(src), nil
}

// moduleNameOf scans Haskell source for its module header.
func moduleNameOf(src []byte) string {
	s := string(src)
	i := 0
	atLineStart := true
	for i < len(s) {
		switch {
		case atLineStart && s[i] == '#': // a CPP line
			i = skipLine(s, i)
		case s[i] == '\n':
			i++
			atLineStart = true
			continue
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v':
			i++
			continue
		case strings.HasPrefix(s[i:], "--") && isLineComment(s[i:]):
			i = skipLine(s, i)
		case strings.HasPrefix(s[i:], "{-"):
			i = skipBlockComment(s, i)
		default:
			return nameAfterModule(s[i:])
		}
		atLineStart = i > 0 && s[i-1] == '\n'
	}
	return "Main"
}

// isLineComment reports whether s, starting with "--", is a comment rather
// than an operator like "-->": the dashes are not followed by a symbol.
func isLineComment(s string) bool {
	j := 0
	for j < len(s) && s[j] == '-' {
		j++
	}
	return j == len(s) || !strings.ContainsRune("!#$%&*+./<=>?@\\^|~:", rune(s[j]))
}

func skipLine(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(s)
}

// skipBlockComment skips a nested {- ... -} comment (pragmas included).
func skipBlockComment(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch {
		case strings.HasPrefix(s[i:], "{-"):
			depth++
			i += 2
		case strings.HasPrefix(s[i:], "-}"):
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return i
}

// nameAfterModule returns the module name if s starts with the keyword
// `module`, else "Main" (a source without a header is module Main).
func nameAfterModule(s string) string {
	rest, ok := strings.CutPrefix(s, "module")
	if !ok || rest == "" || !(rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r' || strings.HasPrefix(rest, "{-")) {
		return "Main"
	}
	// Comments may sit between the keyword and the name.
	for {
		rest = strings.TrimLeft(rest, " \t\r\n")
		switch {
		case strings.HasPrefix(rest, "{-"):
			rest = rest[skipBlockComment(rest, 0):]
			continue
		case strings.HasPrefix(rest, "--") && isLineComment(rest):
			rest = rest[skipLine(rest, 0):]
			continue
		}
		break
	}
	end := 0
	for end < len(rest) && !strings.ContainsRune(" \t\r\n({;", rune(rest[end])) {
		end++
	}
	name := rest[:end]
	if looksLikeModuleName(name) {
		return name
	}
	return "Main"
}

// unlit keeps the code of a literate source: bird-track lines ("> ...")
// and lines between \begin{code} and \end{code}.
func unlit(src []byte) []byte {
	var out bytes.Buffer
	inCode := false
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, len(src)+1)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, `\begin{code}`):
			inCode = true
		case strings.HasPrefix(line, `\end{code}`):
			inCode = false
		case inCode:
			out.WriteString(line)
		case strings.HasPrefix(line, ">"):
			out.WriteString(" " + line[1:])
		}
		out.WriteByte('\n')
	}
	return out.Bytes()
}
