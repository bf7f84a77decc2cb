"""The Typer application, the guard every command runs in, and the entry into them.

Every command runs inside :func:`guarded`, which turns a
:class:`~socialmaturity.errors.SocialMaturityError` into ``path:LINE:COL: error: ...`` lines on
stderr and its exit status, and Ctrl-C into a calm message and status 130.
"""

import copy
import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer._click import Context, exceptions
from typer.core import TyperGroup

from socialmaturity import __version__
from socialmaturity.errors import EXIT_INTERRUPTED, SocialMaturityError, print_problems
from socialmaturity.signals import (
    Terminated,
    release_signals,
    signals_unwrapped,
)

F = TypeVar("F", bound=Callable[..., Any])


class StyledUsageError(exceptions.UsageError):
    """A usage error of the command line parser, said as every other error is said.

    ``error: message`` first, then the usage line and where help is: the parser's own
    ``Error: ...`` (capitalised, last) would be the one message in another style.
    """

    def __init__(self, original: exceptions.UsageError) -> None:
        super().__init__(original.format_message(), original.ctx)

    def show(self, file: Any = None) -> None:
        """Write the message, the usage and the help hint to stderr."""
        import re

        message = re.sub(r"\. Did you mean (.*)\?$", r" (did you mean \1?)", self.message)
        message = message.rstrip(".")
        lines = [f"error: {message[:1].lower()}{message[1:]}"]
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            lines.append(f"Try '{self.ctx.command_path} {self.ctx.help_option_names[0]}' for help.")
        (file or sys.stderr).write("\n".join(lines) + "\n")


class Commands(TyperGroup):
    """The application's group of commands: parser errors in the tool's style."""

    def make_context(self, *args: Any, **kwargs: Any) -> Context:
        """The group's own options parsed; a mistake in them said in the tool's style."""
        try:
            return super().make_context(*args, **kwargs)
        except exceptions.NoArgsIsHelpError:
            raise
        except exceptions.UsageError as exc:
            raise StyledUsageError(exc) from None

    def invoke(self, ctx: Context) -> Any:
        """Run the command named; a mistake in its arguments said in the tool's style."""
        try:
            return super().invoke(ctx)
        except (exceptions.NoArgsIsHelpError, StyledUsageError):
            raise
        except exceptions.UsageError as exc:
            raise StyledUsageError(exc) from None


app = typer.Typer(
    cls=Commands,
    name="socialmaturity",
    help=(
        "Social business maturity assessments: interview a client, score answer files, "
        "and write client-ready reports with a roadmap."
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def guarded(command: F) -> F:
    """Run a command, turning user errors into messages and exit statuses (never tracebacks)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from socialmaturity import i18n

        try:
            with signals_unwrapped():  # a Ctrl-C or SIGTERM in a lazy import, wrapped
                release_signals()  # held while the command line was parsed
                i18n.use(None)  # English unless the command is asked for a language
                return command(*args, **kwargs)
        except SocialMaturityError as exc:
            print_problems(exc.problems)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Terminated as stopping:
            sys.stderr.write(f"{stopping.message}\n")
            raise typer.Exit(stopping.status) from None
        except BrokenPipeError:
            # The reader went away (``| head``): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from None
        except typer.Exit:
            raise
        except Exception as exc:
            if os.environ.get("SOCIALMATURITY_DEBUG"):
                raise
            sys.stderr.write(
                f"error: internal error: {type(exc).__name__}: {exc}\n"
                "(this is a bug in socialmaturity; set SOCIALMATURITY_DEBUG=1 for details)\n"
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"socialmaturity {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Social business maturity assessments from YAML questionnaires."""


def main() -> None:
    """Entry point of the console script and ``python -m socialmaturity``."""
    app_for(sys.argv[1:])(prog_name="socialmaturity")


def app_for(args: list[str]) -> typer.Typer:
    """The application with only the command (or group) ``args`` name, when they start with one.

    Typer builds every registered command's options before running one (13 commands: 6 ms of
    each start-up). A command's help, usage and errors never mention its siblings, so the one
    named is all that is needed; anything else (no command, an option first, a misspelt name
    that deserves a suggestion, shell completion) gets the whole application.
    """
    if not args or os.environ.get("_SOCIALMATURITY_COMPLETE"):
        return app
    named = [info for info in app.registered_commands if command_name(info) == args[0]]
    groups = [info for info in app.registered_groups if info.name == args[0]]
    if not named and not groups:
        return app
    single = copy.copy(app)
    single.registered_commands = named
    single.registered_groups = groups
    return single


def command_name(info: typer.models.CommandInfo) -> str | None:
    """The name a registered command is called by on the command line."""
    if info.name:
        return info.name
    return None if info.callback is None else info.callback.__name__.lower().replace("_", "-")
