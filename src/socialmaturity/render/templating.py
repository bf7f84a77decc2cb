"""Rendering a context with a Jinja template: the bundled one for the format, or a user's own.

HTML autoescapes; Markdown templates use the ``md`` and ``cell`` filters so client text stays
literal and never breaks a table. A user's template travels between people like a document, so
it runs sandboxed and alone; every way it can fail becomes an error that names the template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from socialmaturity.errors import InputError, Location
from socialmaturity.render.escaping import css_string, isolate, md_cell, md_escape

TemplateFormat = Literal["md", "html"]


def render_report(
    context: dict[str, Any],
    output_format: TemplateFormat,
    template: Path | None = None,
    *,
    name: str = "report",
) -> str:
    """Render a context with the bundled ``<name>.<format>.j2`` template, or ``template``."""
    from jinja2 import (
        DictLoader,
        Environment,
        FileSystemLoader,
        StrictUndefined,
        TemplateError,
        TemplateNotFound,
        TemplateSyntaxError,
    )
    from jinja2.exceptions import SecurityError

    from socialmaturity.resources import templates_dir

    options: dict[str, Any] = {
        "autoescape": output_format == "html",
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "finalize": _finalize,
    }
    from socialmaturity.render.sandbox import BoundedSandbox, TemplateLimit, bounded_output

    env: Environment
    if template is not None:
        # A user's template travels like a document: sandboxed, alone (no include, import or
        # extends can read another file), and bounded in time and size.
        folder, name = template.parent, template.name
        source = _template_source(template)
        env = BoundedSandbox(loader=DictLoader({name: source}), **options)
    else:
        folder, name = templates_dir(), f"{name}.{output_format}.j2"
        env = Environment(loader=FileSystemLoader(str(folder)), **options)
    from socialmaturity import i18n

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
    )
    env.globals["colon"] = i18n.colon
    env.globals["semicolon"] = i18n.semicolon
    env.filters["decimal"] = i18n.decimal_text
    env.filters["change"] = i18n.change_text
    env.filters["day"] = i18n.iso_date_text
    env.filters["quoted"] = _quoted
    env.filters["md"] = md_escape
    env.filters["cell"] = md_cell
    env.filters["css_string"] = css_string
    try:
        if isinstance(env, BoundedSandbox):
            env.bound_filters()
            return bounded_output(env.get_template(name).generate(**context))
        return env.get_template(name).render(**context)
    except TemplateLimit as exc:
        raise InputError(f"the template was stopped: {exc}", Location(str(folder / name))) from None
    except SecurityError as exc:
        raise InputError(
            f"the template tried to reach outside the report's variables ({exc}); "
            "templates may only use the variables they are given",
            Location(str(folder / name)),
        ) from None
    except TemplateNotFound as exc:
        raise InputError(
            f"the template tried to read another file ({exc}); a user template must be one "
            "self-contained file",
            Location(str(folder / name)),
        ) from None
    except TemplateSyntaxError as exc:
        where = Location(str(folder / (exc.name or name)), exc.lineno)
        raise InputError(f"template syntax error: {exc.message}", where) from None
    except TemplateError as exc:
        raise InputError(f"template error: {exc}", Location(str(folder / name))) from None
    except UnicodeDecodeError:
        raise InputError("the template is not UTF-8 text", Location(str(folder / name))) from None
    except Exception as exc:  # a user's template can fail in any way while it renders
        raise InputError(
            f"template failed while rendering: {type(exc).__name__}: {exc}",
            Location(str(folder / name)),
        ) from None


def _quoted(text: object) -> object:
    """Text in the quotation marks of the report's language (“…”, „…“, « … »).

    Isolated inside the marks, as the summary's sentences quote answers (``summary.quoted_text``).
    """
    from markupsafe import Markup

    from socialmaturity.i18n import quoted

    if isinstance(text, Markup):
        return Markup(quoted(isolate(str(text))))
    return quoted(isolate(str(text)))


def _finalize(value: object) -> object:
    """Every printed value: text holding bidirectional controls is isolated."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return Markup(isolate(str(value)))
    return isolate(value) if isinstance(value, str) else value


def _template_source(template: Path) -> str:
    try:
        return template.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such template file", Location(str(template))) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a template file", Location(str(template))) from None
    except UnicodeDecodeError:
        raise InputError("the template is not UTF-8 text", Location(str(template))) from None
    except OSError as exc:
        raise InputError(
            f"cannot read the template: {exc.strerror or exc}", Location(str(template))
        ) from None
