package config

import (
	"io/fs"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		files     map[string]string
		wantCache string
		wantClang string
		wantErr   string
	}{
		{
			name:      "defaults from HOME",
			env:       map[string]string{"HOME": "/h"},
			wantCache: "/h/.cache/ahc",
			wantClang: "clang",
		},
		{
			name:      "XDG cache dir wins over HOME",
			env:       map[string]string{"HOME": "/h", "XDG_CACHE_HOME": "/x"},
			wantCache: "/x/ahc",
			wantClang: "clang",
		},
		{
			name:      "file overrides defaults",
			env:       map[string]string{"HOME": "/h"},
			files:     map[string]string{"/h/.config/ahc/config.toml": "cache_dir = \"/c\"\n[tools]\nclang = \"clang-14\"\n"},
			wantCache: "/c",
			wantClang: "clang-14",
		},
		{
			name: "environment overrides file",
			env: map[string]string{"HOME": "/h", "AHC_CONFIG": "/etc/ahc.toml",
				"AHC_CACHE_DIR": "/e", "AHC_CLANG": "/opt/clang"},
			files:     map[string]string{"/etc/ahc.toml": "cache_dir = \"/c\"\n"},
			wantCache: "/e",
			wantClang: "/opt/clang",
		},
		{
			name:    "explicit config file must exist",
			env:     map[string]string{"HOME": "/h", "AHC_CONFIG": "/missing.toml"},
			wantErr: "missing.toml",
		},
		{
			name:    "unknown key is an error",
			env:     map[string]string{"HOME": "/h"},
			files:   map[string]string{"/h/.config/ahc/config.toml": "[tools]\nclnag = \"x\"\n"},
			wantErr: `unknown setting "tools.clnag"`,
		},
		{
			name:    "syntax error names the file",
			env:     map[string]string{"HOME": "/h"},
			files:   map[string]string{"/h/.config/ahc/config.toml": "cache_dir = \n"},
			wantErr: "/h/.config/ahc/config.toml",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			readFile := func(p string) ([]byte, error) {
				if s, ok := tt.files[p]; ok {
					return []byte(s), nil
				}
				return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
			}
			cfg, err := load(getenv, readFile)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.CacheDir != tt.wantCache {
				t.Errorf("CacheDir = %q, want %q", cfg.CacheDir, tt.wantCache)
			}
			if cfg.Tools.Clang != tt.wantClang {
				t.Errorf("Tools.Clang = %q, want %q", cfg.Tools.Clang, tt.wantClang)
			}
		})
	}
}
