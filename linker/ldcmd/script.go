package ldcmd

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/ahc-hs/ahc/internal/rspfile"
)

// ExpandScripts replaces every object that is a GNU ld linker script of the
// form INPUT("a.o" "b.o") by the objects it names. ghc 9.0 merges objects
// (ld -r) that way when its linker is GNU ld.
func (c *Command) ExpandScripts() error {
	var objs []string
	for _, o := range c.Objects {
		data, err := os.ReadFile(o)
		if err != nil || !bytes.HasPrefix(bytes.TrimSpace(data), []byte("INPUT(")) {
			objs = append(objs, o)
			continue
		}
		names, err := parseInput(string(data))
		if err != nil {
			return fmt.Errorf("linker script %s: %w", o, err)
		}
		objs = append(objs, names...)
	}
	c.Objects = objs
	return nil
}

// parseInput reads INPUT(...) commands: file names, quoted or separated
// by blanks or commas.
func parseInput(s string) ([]string, error) {
	var names []string
	s = strings.TrimSpace(s)
	for s != "" {
		if !strings.HasPrefix(s, "INPUT(") {
			return nil, fmt.Errorf("only INPUT(...) commands are supported, not %.20q", s)
		}
		end := strings.IndexByte(s, ')')
		if end < 0 {
			return nil, fmt.Errorf("INPUT( without )")
		}
		words, err := rspfile.Split(strings.ReplaceAll(s[len("INPUT("):end], ",", " "))
		if err != nil {
			return nil, err
		}
		names = append(names, words...)
		s = strings.TrimSpace(s[end+1:])
	}
	return names, nil
}
