// Package cliutil holds what every ahc executable shares: running a
// urfave/cli app with ahc's conventions for errors and exit codes.
package cliutil

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"
)

// ExitError ends a command with a given exit code and no message of its
// own, e.g. to pass on the exit code of a program ahc ran.
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Main runs app with os.Args and exits: 0 on success, the code of an
// ExitError, 2 for usage errors, 1 for any other error, which is printed as
// "NAME: message" on standard error.
func Main(app *cli.App) {
	os.Exit(Run(app, os.Args, os.Stderr))
}

// Run is Main without the exit, for tests.
func Run(app *cli.App, args []string, stderr io.Writer) int {
	app.ExitErrHandler = func(*cli.Context, error) {} // exit codes are ours
	app.ErrWriter = stderr
	app.HideHelpCommand = true
	app.OnUsageError = onUsageError
	// Commands parse their own flags: a wrong one is a usage error too.
	setOnUsageError(app.Commands)
	err := app.Run(args)
	if err == nil {
		return 0
	}
	var exit ExitError
	if errors.As(err, &exit) {
		return exit.Code
	}
	fmt.Fprintf(stderr, "%s: %v\n", app.Name, err)
	var usage usageError
	if errors.As(err, &usage) {
		return 2
	}
	return 1
}

func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err.Error()} }

func setOnUsageError(cmds []*cli.Command) {
	for _, c := range cmds {
		if c.OnUsageError == nil {
			c.OnUsageError = onUsageError
		}
		setOnUsageError(c.Subcommands)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// UsageError reports a wrong command line (exit code 2).
func UsageError(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// NotYet is the app of an executable that ahc does not provide yet. It says
// so and exits with code 2 rather than pretend to work.
func NotYet(name, usage, description string) *cli.App {
	return &cli.App{
		Name:            name,
		Usage:           usage,
		Description:     description + "\n\nNot implemented yet: this executable is a placeholder and always exits with code 2.",
		SkipFlagParsing: true,
		Action: func(c *cli.Context) error {
			if first := c.Args().First(); first == "--help" || first == "-h" {
				return cli.ShowAppHelp(c)
			}
			return usageError{"not implemented yet"}
		},
	}
}
