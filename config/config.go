// Package config holds ahc's settings: where the cache lives and which host
// tools to run. Settings come from defaults, then an optional TOML file, then
// environment variables, each overriding the one before.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
)

// Config is ahc's configuration after all sources have been applied.
type Config struct {
	// CacheDir holds everything ahc builds once and reuses: fetched source
	// packages, the wasm64 sysroot, later the RTS and booted libraries.
	// It lives outside any source tree so that fresh clones share it.
	CacheDir string `toml:"cache_dir"`

	// Tools names the host programs ahc drives. Each is a command name
	// looked up in PATH or an absolute path.
	Tools Tools `toml:"tools"`
}

// Tools are the host programs ahc runs.
type Tools struct {
	GHC     string `toml:"ghc"`
	GHCPkg  string `toml:"ghc_pkg"`
	Cabal   string `toml:"cabal"`
	Clang   string `toml:"clang"`
	WasmLD  string `toml:"wasm_ld"`
	WasmOpt string `toml:"wasm_opt"`
	LLVMAr  string `toml:"llvm_ar"`
	Node    string `toml:"node"`
}

// Environment variables that override the file and the defaults.
const (
	EnvConfigFile = "AHC_CONFIG"
	EnvCacheDir   = "AHC_CACHE_DIR"
)

// toolEnv lists, for each tool, the variable that overrides it.
var toolEnv = []struct {
	name  string
	field func(*Tools) *string
}{
	{"AHC_GHC", func(t *Tools) *string { return &t.GHC }},
	{"AHC_GHC_PKG", func(t *Tools) *string { return &t.GHCPkg }},
	{"AHC_CABAL", func(t *Tools) *string { return &t.Cabal }},
	{"AHC_CLANG", func(t *Tools) *string { return &t.Clang }},
	{"AHC_WASM_LD", func(t *Tools) *string { return &t.WasmLD }},
	{"AHC_WASM_OPT", func(t *Tools) *string { return &t.WasmOpt }},
	{"AHC_LLVM_AR", func(t *Tools) *string { return &t.LLVMAr }},
	{"AHC_NODE", func(t *Tools) *string { return &t.Node }},
}

// Default returns the configuration used when nothing overrides it. The
// tool names are those of Debian 12's packages.
func Default(getenv func(string) string) Config {
	return Config{
		CacheDir: defaultCacheDir(getenv),
		Tools: Tools{
			GHC:     "ghc",
			GHCPkg:  "ghc-pkg",
			Cabal:   "cabal",
			Clang:   "clang",
			WasmLD:  "wasm-ld",
			WasmOpt: "wasm-opt",
			LLVMAr:  "llvm-ar",
			Node:    "node",
		},
	}
}

func defaultCacheDir(getenv func(string) string) string {
	if dir := getenv("XDG_CACHE_HOME"); dir != "" {
		return filepath.Join(dir, "ahc")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".cache", "ahc")
	}
	return filepath.Join(os.TempDir(), "ahc-cache")
}

// File returns the path of the configuration file: $AHC_CONFIG, else
// $XDG_CONFIG_HOME/ahc/config.toml, else ~/.config/ahc/config.toml.
func File(getenv func(string) string) string {
	if f := getenv(EnvConfigFile); f != "" {
		return f
	}
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" {
		return filepath.Join(dir, "ahc", "config.toml")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".config", "ahc", "config.toml")
	}
	return ""
}

// Load builds the configuration from the defaults, the configuration file
// (if it exists) and the environment. A file named by $AHC_CONFIG must exist.
func Load() (Config, error) {
	return load(os.Getenv, os.ReadFile)
}

func load(getenv func(string) string, readFile func(string) ([]byte, error)) (Config, error) {
	cfg := Default(getenv)
	if path := File(getenv); path != "" {
		data, err := readFile(path)
		switch {
		case err == nil:
			if err := decode(data, &cfg); err != nil {
				return Config{}, fmt.Errorf("config file %s: %w", path, err)
			}
		case errors.Is(err, fs.ErrNotExist) && getenv(EnvConfigFile) == "":
			// No file is fine: the defaults apply.
		default:
			return Config{}, fmt.Errorf("config file: %w", err)
		}
	}
	if dir := getenv(EnvCacheDir); dir != "" {
		cfg.CacheDir = dir
	}
	for _, e := range toolEnv {
		if v := getenv(e.name); v != "" {
			*e.field(&cfg.Tools) = v
		}
	}
	if !filepath.IsAbs(cfg.CacheDir) {
		abs, err := filepath.Abs(cfg.CacheDir)
		if err != nil {
			return Config{}, fmt.Errorf("cache dir %q: %w", cfg.CacheDir, err)
		}
		cfg.CacheDir = abs
	}
	return cfg, nil
}

// decode reads TOML into cfg, keeping the values it does not mention and
// rejecting keys ahc does not know, so that a typo is not silently ignored.
func decode(data []byte, cfg *Config) error {
	md, err := toml.Decode(string(data), cfg)
	if err != nil {
		return err
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return fmt.Errorf("unknown setting %q", undecoded[0].String())
	}
	return nil
}
