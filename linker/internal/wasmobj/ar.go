package wasmobj

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// The ar format as llvm-ar writes it: the GNU variant, whose symbol index
// is the member "/" (or "/SYM64/") and whose long names live in the member
// "//", referred to as "/OFFSET"; BSD-style "#1/LEN" names, whose name
// leads the member's data, are read too.

const (
	arMagic     = "!<arch>\n"
	arThinMagic = "!<thin>\n"
	arHeaderLen = 60
)

// Member is one file of an archive.
type Member struct {
	Name string
	Data []byte // aliases the archive's bytes
}

// IsArchive reports whether data starts like an archive.
func IsArchive(data []byte) bool {
	return bytes.HasPrefix(data, []byte(arMagic)) || bytes.HasPrefix(data, []byte(arThinMagic))
}

// ReadArchive returns the members of an archive, without its symbol index
// and long-name table.
func ReadArchive(data []byte) ([]Member, error) {
	if bytes.HasPrefix(data, []byte(arThinMagic)) {
		return nil, fmt.Errorf("thin archives are not supported")
	}
	if !bytes.HasPrefix(data, []byte(arMagic)) {
		return nil, fmt.Errorf("not an ar archive")
	}
	var members []Member
	var longNames []byte
	off := len(arMagic)
	for off < len(data) {
		if data[off] == '\n' && off == len(data)-1 { // padding at the end
			break
		}
		if len(data)-off < arHeaderLen {
			return nil, fmt.Errorf("truncated member header at byte %d", off)
		}
		h := data[off : off+arHeaderLen]
		if h[58] != '`' || h[59] != '\n' {
			return nil, fmt.Errorf("bad member header at byte %d", off)
		}
		size, err := strconv.ParseUint(strings.TrimSpace(string(h[48:58])), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("member header at byte %d: bad size: %w", off, err)
		}
		start := off + arHeaderLen
		if size > uint64(len(data)-start) {
			return nil, fmt.Errorf("member at byte %d: %d bytes, past the end", off, size)
		}
		body := data[start : start+int(size)]
		off = start + int(size)
		if off%2 == 1 {
			off++
		}
		name := strings.TrimRight(string(h[:16]), " ")
		switch {
		case name == "/" || name == "/SYM64/" || strings.HasPrefix(name, "__.SYMDEF"):
			continue
		case name == "//":
			longNames = body
			continue
		case strings.HasPrefix(name, "#1/"):
			n, err := strconv.Atoi(name[3:])
			if err != nil || n < 0 || n > len(body) {
				return nil, fmt.Errorf("member at byte %d: bad BSD name %q", off, name)
			}
			name = strings.TrimRight(string(body[:n]), "\x00")
			body = body[n:]
			if strings.HasPrefix(name, "__.SYMDEF") {
				continue
			}
		case strings.HasPrefix(name, "/"):
			n, err := strconv.Atoi(name[1:])
			if err != nil || n < 0 || n >= len(longNames) {
				return nil, fmt.Errorf("member at byte %d: bad long name reference %q", off, name)
			}
			end := bytes.IndexByte(longNames[n:], '\n')
			if end < 0 {
				end = len(longNames) - n
			}
			name = strings.TrimSuffix(string(longNames[n:n+end]), "/")
		default:
			name = strings.TrimSuffix(name, "/")
		}
		members = append(members, Member{Name: name, Data: body})
	}
	return members, nil
}

// ArchiveMember is a member to write, with the names of the symbols it
// defines for the archive's symbol index.
type ArchiveMember struct {
	Member
	Defines []string
}

// WriteArchive returns a GNU archive of members with a symbol index, which
// wasm-ld requires.
func WriteArchive(members []ArchiveMember) []byte {
	// Long names first, to know the headers.
	var longNames []byte
	names := make([]string, len(members))
	for i, m := range members {
		if len(m.Name) <= 15 && !strings.Contains(m.Name, "/") {
			names[i] = m.Name + "/"
		} else {
			names[i] = "/" + strconv.Itoa(len(longNames))
			longNames = append(longNames, m.Name+"/\n"...)
		}
	}
	var nsyms int
	var strtab []byte
	for _, m := range members {
		for _, s := range m.Defines {
			nsyms++
			strtab = append(append(strtab, s...), 0)
		}
	}
	indexSize := 4 + 4*nsyms + len(strtab)
	pad := func(n int) int { return n + n%2 }
	off := len(arMagic) + arHeaderLen + pad(indexSize)
	if len(longNames) > 0 {
		off += arHeaderLen + pad(len(longNames))
	}
	index := binary.BigEndian.AppendUint32(nil, uint32(nsyms))
	for _, m := range members {
		for range m.Defines {
			index = binary.BigEndian.AppendUint32(index, uint32(off))
		}
		off += arHeaderLen + pad(len(m.Data))
	}
	index = append(index, strtab...)

	out := make([]byte, 0, off) // off is now the archive's size
	out = append(out, arMagic...)
	add := func(name string, body []byte) {
		out = append(out, fmt.Sprintf("%-16s%-12s%-6s%-6s%-8s%-10d`\n", name, "0", "0", "0", "644", len(body))...)
		out = append(out, body...)
		if len(body)%2 == 1 {
			out = append(out, '\n')
		}
	}
	add("/", index)
	if len(longNames) > 0 {
		add("//", longNames)
	}
	for i, m := range members {
		add(names[i], m.Data)
	}
	return out
}
