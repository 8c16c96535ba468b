// Package rspfile reads and writes response files, the @FILE arguments
// with which ghc and Cabal pass long command lines to gcc, ld and ar.
package rspfile

import (
	"errors"
	"fmt"
	"strings"
)

// Expand replaces every @FILE argument by the arguments FILE holds.
func Expand(args []string, readFile func(string) ([]byte, error)) ([]string, error) {
	var out []string
	for _, a := range args {
		name, ok := strings.CutPrefix(a, "@")
		if !ok || name == "" {
			out = append(out, a)
			continue
		}
		data, err := readFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading response file: %w", err)
		}
		words, err := Split(string(data))
		if err != nil {
			return nil, fmt.Errorf("response file %s: %w", name, err)
		}
		out = append(out, words...)
	}
	return out, nil
}

// Split splits the text of a response file into arguments, as gcc and ar
// read them: separated by white space, with '...', "..." and \ quoting.
func Split(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, errors.New("unterminated quote or escape at its end")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// Quote writes s as one argument of a response file.
func Quote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\\' || r == '\'' || r == '"' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
