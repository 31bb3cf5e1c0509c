"""The command line: argument parsing and sub-commands; builds the app with its dependencies."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from trust_tui import store as persistence  # its names load when used: join needs none
from trust_tui.core import Content, load_content, load_script
from trust_tui.core.content import language_of, use_own_script
from trust_tui.core.text import clean_line
from trust_tui.store.files import default_data_path, write_private

if TYPE_CHECKING:
    import argparse

    from trust_tui.store import SessionRepository, Store

__all__ = ["detect_lang", "main"]


class CliError(Exception):
    """A one-line error for stderr; the process exits non-zero."""


def detect_lang(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """Dutch when the locale says so, English otherwise."""
    return language_of(os.environ if environ is None else environ) or "en"


_PLAIN_OPTIONS = {"--db": Path, "--lang": str, "--script": Path}
"""The options a plain start may have: before a command, and after it."""

_PLAIN_COMMANDS: dict[str, dict[str, Any]] = {"join": {"--name": None, "--code": None}}
"""The commands a plain start may be (their own options, each with its default): a person
joining from their own terminal sees the join form as soon as a bare app would show a frame."""


def _plain_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """``trust-tui`` or ``trust-tui join`` with only their plain options, read without argparse
    (whose import and parser cost the first frame ~4 ms); anything else, or anything odd
    (None), goes to the parser, which also says what is wrong."""
    from types import SimpleNamespace

    found: dict[str, Any] = {"command": None}
    allowed: dict[str, Any] = _PLAIN_OPTIONS
    words = list(argv)
    while words:
        word = words.pop(0)
        if found["command"] is None and word in _PLAIN_COMMANDS:
            found["command"] = word
            own = _PLAIN_COMMANDS[word]
            found.update((option[2:], default) for option, default in own.items())
            allowed = {**_PLAIN_OPTIONS, **dict.fromkeys(own, str)}
            continue
        name, equals, value = word.partition("=")
        if name not in allowed:
            return None
        if not equals:
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
        found[name[2:]] = allowed[name](value)
    return cast("argparse.Namespace", SimpleNamespace(**found))


def build_parser(content: Content) -> argparse.ArgumentParser:
    """The command line, its help in ``content``'s language (texts under ``cli.help``)."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.exit(2, f"trust-tui: {message}\n")

    def h(key: str) -> str:
        return content.t(f"cli.help.{key}")

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
            super().add_usage(usage, actions, groups,
                              prefix=h("usage") + " " if prefix is None else prefix)

    def made(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.formatter_class = Formatter
        parser._positionals.title = h("positionals")
        parser._optionals.title = h("options")
        parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                            help=h("help"))
        return parser

    common = _Parser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=h("db"))
    common.add_argument("--lang", default=argparse.SUPPRESS, help=h("lang"))
    common.add_argument("--script", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                        help=h("script_folder"))
    parser = made(_Parser(prog="trust-tui", description=content.t("cli.description"),
                          parents=[common], add_help=False))
    commands = parser.add_subparsers(dest="command", parser_class=_Parser,
                                     title=h("commands"))

    def command(name: str) -> argparse.ArgumentParser:
        return made(commands.add_parser(name, parents=[common], add_help=False,
                                        help=h(name), description=h(name)))

    command("solo")
    demo = command("demo")
    demo.add_argument("--sessions", type=int, default=1, metavar="N", help=h("demo_sessions"))
    demo.add_argument("--open", action="store_true", help=h("demo_open"))
    listing = command("list")
    listing.add_argument("--json", action="store_true", help=h("list_json"))
    export = command("export")
    export.add_argument("session", nargs="?", help=h("export_session"))
    export.add_argument("--journal", action="store_true", help=h("export_journal"))
    export.add_argument("--format", choices=("md", "json", "ics"), default="md",
                        help=h("export_format"))
    export.add_argument("--output", type=Path, help=h("export_output"))
    export.add_argument("--include-private", action="store_true", help=h("export_private"))
    erase = command("erase")
    erase.add_argument("session", help=h("erase_session"))
    erase.add_argument("--yes", action="store_true", help=h("erase_yes"))
    restore = command("restore")
    restore.add_argument("--list", action="store_true", dest="list_backups",
                         help=h("restore_list"))
    restore.add_argument("--pick", type=int, metavar="N", help=h("restore_pick"))
    restore.add_argument("--start-empty", action="store_true", help=h("restore_empty"))
    own = command("script")
    own_commands = own.add_subparsers(dest="script_command", parser_class=_Parser,
                                      required=True, title=h("commands"))
    own_export = made(own_commands.add_parser("export", add_help=False, help=h("script_export"),
                                              description=h("script_export")))
    own_export.add_argument("folder", type=Path, metavar="DIR", help=h("script_dir"))
    own_check = made(own_commands.add_parser("check", add_help=False, help=h("script_check"),
                                             description=h("script_check")))
    own_check.add_argument("folder", type=Path, metavar="DIR", nargs="?", help=h("script_dir"))
    host = command("host")
    host.add_argument("--listen", default="127.0.0.1:2222", metavar="ADDR:PORT",
                      help=h("host_listen"))
    serve = command("serve")
    serve.add_argument("--listen", default="127.0.0.1:8000", metavar="ADDR:PORT",
                       help=h("serve_listen"))
    serve.add_argument("--url", help=h("serve_url"))
    serve.add_argument("--yes", action="store_true", help=h("serve_yes"))
    join = command("join")
    join.add_argument("--name", help=h("join_name"))
    join.add_argument("--code", help=h("join_code"))
    return parser


def own_script_path(args: argparse.Namespace) -> Path | None:
    """The facilitator's own version of the exercise: --script, else TRUST_TUI_SCRIPT, else
    the 'script' folder in the user's config folder if it exists."""
    explicit = getattr(args, "script", None) or os.environ.get("TRUST_TUI_SCRIPT")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_config_path

    folder = user_config_path("trust-tui", appauthor=False) / "script"
    return folder if folder.is_dir() else None


def _use_own_script(args: argparse.Namespace, lang: str) -> Content:
    """The exercise with the facilitator's own version laid over it; what it leaves out is said
    in one line (the app says it again on screen). Participants' screens get the same."""
    folder = own_script_path(args)
    notes = use_own_script(folder)
    content = load_content(lang)
    if folder is not None:
        os.environ["TRUST_TUI_SCRIPT"] = str(folder)  # for the processes this one starts
        left_out = [note for note in notes if not note.info]
        if left_out:
            print(f"trust-tui: {content.t('script.left_out', folder=folder, count=len(left_out))}",
                  file=sys.stderr)
    return content


def _cmd_script(content: Content, args: argparse.Namespace) -> int:
    if args.script_command == "export":
        return _export_script(content, args.folder)
    folder = args.folder or own_script_path(args)
    if folder is None:
        raise CliError(content.t("script.note.no_folder"))
    notes = use_own_script(folder)
    t = content.t
    left_out = [note for note in notes if not note.info]
    print(t("script.check_found", folder=folder, count=len(left_out)) if left_out
          else t("script.check_ok", folder=folder))
    for note in left_out:
        print(f"  {note.where()}: {note.field + ': ' if note.field else ''}"
              f"{t(f'script.note.{note.kind}')}")
    info = [note for note in notes if note.info]
    if info:
        print(t("script.check_info"))
        for note in info:
            print(f"  {note.where()}: {note.field}: {t(f'script.note.{note.kind}')}")
    return 1 if left_out else 0


def _export_script(content: Content, folder: Path) -> int:
    from trust_tui.core.adapt import ADAPTABLE
    from trust_tui.core.content import DATA

    for name in ADAPTABLE:
        if os.path.lexists(folder / name):
            raise CliError(content.t("script.export_exists", path=folder / name))
    for name in ADAPTABLE:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as out:
            out.write(f"# {content.t('script.file_header')} {folder}\n\n")
            out.write((DATA / name).read_text(encoding="utf-8"))
    print(content.t("script.exported", folder=folder))
    return 0


def _lang_asked(argv: Sequence[str]) -> str | None:
    """``--lang X`` (or ``--lang=X``) from the command line, read before the parser exists so
    that ``--help`` speaks it."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _open(path: Path | None, content: Content) -> Store:
    """The data file at ``path`` (None: the default one), or a one-line CliError."""
    try:
        store = persistence.open_store(path)
    except persistence.DamagedFile as damage:
        message = content.t("cli.damaged", path=damage.path, reason=damage.reason,
                            aside=damage.aside)
        probe = damage.path.with_name(damage.path.name + ".bak")
        if probe.exists():
            message += "; " + content.t("cli.damaged_backup", date=_mtime(probe))
        raise CliError(message) from None
    except persistence.NewerFormat as newer:
        raise CliError(content.t("cli.newer_format", path=newer.path,
                                 version=newer.version)) from None
    except persistence.Busy as busy:
        raise CliError(content.t("cli.locked", path=busy.path)) from None
    except persistence.NotAPlainFile as odd:
        raise CliError(content.t("cli.not_a_plain_file", path=odd.path)) from None
    except persistence.AwaitingChoice as waiting:  # said on every start, until the person chooses
        backups = persistence.list_backups(waiting.path)
        message = content.t("cli.awaiting_choice", path=waiting.path,
                            aside=clean_line(waiting.aside))
        if backups:
            newest = backups[0]
            message += " " + content.t("cli.choose_restore", date=_when(newest.written),
                                       sessions=newest.sessions, journal=newest.journal)
        message += " " + content.t("cli.choose_empty")
        raise CliError(message) from None
    except (persistence.DataFileError, OSError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise CliError(content.t("cli.unusable", path=path or default_data_path(),
                                 reason=reason)) from None
    for key, where in (store.durable.warnings if store.durable is not None else []):
        print(f"trust-tui: {content.t(f'cli.{key}', path=where)}", file=sys.stderr)
    return store


def _mtime(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


def _resolve(repository: SessionRepository, wanted: str, content: Content, *,
             damaged_too: bool = False) -> str:
    """The one session id ``wanted`` names (all of it, or its start); with ``damaged_too`` an
    unreadable record's id as well (it can still be erased)."""
    matches = repository.find(wanted)
    if not matches:
        unreadable = [i for i in repository.damaged if i == wanted or i.startswith(wanted)]
        if len(unreadable) == 1 and damaged_too:
            return unreadable[0]
        if len(unreadable) == 1:
            raise CliError(content.t("cli.damaged_record", id=clean_line(unreadable[0])))
        if len(unreadable) > 1:
            raise CliError(content.t("cli.ambiguous_session", id=clean_line(wanted)))
        raise CliError(content.t("cli.no_such_session", id=clean_line(wanted)))
    if len(matches) > 1:
        raise CliError(content.t("cli.ambiguous_session", id=clean_line(wanted)))
    return matches[0].id


def _write_private(path: Path, text: str, content: Content) -> None:
    """A new file, owner-only; an existing one is never overwritten."""
    try:
        write_private(path, text)
    except FileExistsError:
        raise CliError(content.t("cli.exists", path=path)) from None
    except OSError as error:
        raise CliError(content.t("cli.unusable", path=path, reason=error.strerror)) from None


def _cmd_list(store: Store, content: Content, as_json: bool) -> int:
    repository = persistence.SessionRepository(store)
    summaries = repository.all()
    for record_id in repository.damaged:  # said on stderr: the listing itself stays clean
        print(f"trust-tui: {content.t('cli.damaged_record', id=clean_line(record_id))}",
              file=sys.stderr)
    if as_json:
        import json

        print(json.dumps([s.__dict__ for s in summaries], ensure_ascii=False, indent=2))
        return 0
    if not summaries:
        print(content.t("cli.no_sessions"))
        return 0
    t = content.t
    header: tuple[str, ...] = (t("cli.col_id"), t("cli.col_date"), t("cli.col_status"),
                               t("cli.col_team"), t("cli.col_title"))
    rows: list[tuple[str, ...]] = [
        (s.id, s.created_at[:10], t(f"status.{s.status}"), clean_line(s.team)[:24],
         clean_line(s.title)[:48]) for s in summaries]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
              + "  " + row[4])
    return 0


def _cmd_export(store: Store, content: Content, args: argparse.Namespace) -> int:
    from trust_tui.core import export

    if args.journal:
        if args.format == "ics":
            raise CliError(content.t("cli.journal_formats"))
        journal = persistence.JournalRepository(store)
        entries = journal.all()
        for entry_id in journal.damaged:  # said on stderr: the export holds the others
            print(f"trust-tui: {content.t('cli.damaged_entry', id=clean_line(entry_id))}",
                  file=sys.stderr)
        text = (export.journal_json(entries) if args.format == "json"
                else export.journal_markdown(entries, content))
        return _deliver(text, args, content)
    if not args.session:
        raise CliError(content.t("cli.session_needed"))
    repository = persistence.SessionRepository(store)
    session_id = _resolve(repository, args.session, content)
    try:
        session = repository.get(session_id)
    except persistence.DamagedRecord as damaged:
        raise CliError(content.t("cli.damaged_record", id=clean_line(damaged.record_id))) from None
    if session is None:
        raise CliError(content.t("cli.no_such_session", id=clean_line(args.session)))
    session_content = load_content(session.lang)
    if args.format == "md":
        text = export.session_markdown(session, session_content,
                                       include_private=args.include_private)
    elif args.format == "json":
        text = export.session_json(session, include_private=args.include_private)
    else:
        text = export.session_ics(session, session_content)
    return _deliver(text, args, content)


def _deliver(text: str, args: argparse.Namespace, content: Content) -> int:
    """To ``--output`` (a new owner-only file), or to standard output."""
    if args.output:
        _write_private(args.output, text, content)
        print(content.t("cli.exported", path=args.output), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _cmd_erase(store: Store, content: Content, args: argparse.Namespace) -> int:
    repository = persistence.SessionRepository(store)
    session_id = _resolve(repository, args.session, content, damaged_too=True)
    if not args.yes and sys.stdin.isatty():
        try:
            session = repository.get(session_id)
        except persistence.DamagedRecord:
            session = None
        title = clean_line(session.title) if session else ""
        answer = input(content.t("cli.erase_confirm", id=session_id, title=title))
        if answer.strip().lower() not in ("y", "yes", "j", "ja"):
            print(content.t("cli.erase_kept"))
            return 1
    repository.erase(session_id)
    print(content.t("cli.erased", id=session_id), content.t("cli.erased_everywhere"))
    if store.path is not None:
        damaged = sorted(store.path.parent.glob(f"{store.path.name}.damaged-*"))
        if damaged:
            print(content.t("cli.erase_damaged_left",
                            paths=", ".join(str(path) for path in damaged)))
    return 0


def _cmd_demo(store: Store, content: Content, args: argparse.Namespace) -> int:
    from trust_tui.core.demo import demo_journal, demo_session

    if args.sessions < 1:
        raise CliError("--sessions: give a number of 1 or more")
    script = load_script()
    now = dt.datetime.now().replace(microsecond=0)
    engines = [
        demo_session(script, content.lang, variant=index,
                     when=now - dt.timedelta(days=14 * index, hours=index % 5))
        for index in range(args.sessions)
    ]
    newest = engines[0].session
    repository = persistence.SessionRepository(store)
    if len(engines) == 1:
        repository.save(newest)
    else:
        repository.save_many([engine.session for engine in engines])
    persistence.JournalRepository(store).save_many(demo_journal(
        content.lang, today=now.date(), session_id=newest.id,
        commitment_id=newest.commitments[0].id if newest.commitments else None))
    if args.sessions == 1:
        print(newest.id)
    else:
        print(content.t("cli.demo_many", count=args.sessions, path=store.path))
    if args.open:
        return _run_app(store, content, open_session=newest.id)
    return 0


def _cmd_restore(path: Path, content: Content, args: argparse.Namespace) -> int:
    t = content.t
    if args.list_backups:
        backups = persistence.list_backups(path)
        if not backups:
            raise CliError(t("cli.restore_none"))
        for backup in backups:
            print(t("cli.backup_line", number=backup.number,
                    date=_when(backup.written, seconds=True),
                    sessions=backup.sessions, journal=backup.journal))
        return 0
    if args.start_empty:
        if not persistence.start_empty(path):
            raise CliError(t("cli.nothing_to_choose"))
        print(t("cli.started_empty", path=path))
        return 0
    try:
        written = persistence.restore_backup(path, args.pick)
    except persistence.NoBackup:
        if args.pick is not None and persistence.list_backups(path):
            raise CliError(t("cli.restore_no_such", number=args.pick)) from None
        raise CliError(t("cli.restore_none")) from None
    except persistence.InUse:
        raise CliError(t("cli.restore_exists", path=path)) from None
    print(content.t("cli.restore_done", date=_when(written), path=path))
    return 0


def _when(written: str, *, seconds: bool = False) -> str:
    """A backup's time as a person reads it (the file keeps UTC): local, to the minute (or
    the second, where backups of one minute are listed together)."""
    try:
        moment = dt.datetime.fromisoformat(written)
    except ValueError:
        return written[:19 if seconds else 16].replace("T", " ")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def _host_folder(path: Path) -> Path:
    """Where a host's socket lives: beside its data file, owner-only."""
    return path.parent / "host"


def _without_tls() -> None:
    """A participant's screen talks to its hub over a Unix socket and never needs TLS; yet
    asyncio loads ``ssl`` when it can, and with it OpenSSL's libcrypto: ≈4 MB resident in each
    seat's process. Marked absent before asyncio loads, asyncio goes without it."""
    if "asyncio" not in sys.modules:
        sys.modules.setdefault("ssl", None)  # type: ignore[arg-type]


def _cmd_join(path: Path, content: Content, args: argparse.Namespace) -> int:
    _without_tls()
    from trust_tui.ui.participant import ParticipantApp

    socket = _host_folder(path) / "hub.sock"
    # The code may come from the environment: unlike arguments, no other user can read it.
    code = args.code or os.environ.get("TRUST_TUI_CODE") or None
    if args.name and code and not socket.exists():  # nobody to ask on screen: say it here
        raise CliError(content.t("cli.no_host", path=socket))
    app = ParticipantApp(socket, name=args.name, code=code, lang=content.lang)
    app.run()
    return app.return_code or 0


def _cmd_serve(path: Path, content: Content, args: argparse.Namespace) -> int:
    from trust_tui.net.hosting import announce_browser_door
    from trust_tui.net.web_door import WebDoor, public_url

    address, port = _listen_address(args.listen, content)
    if not _local(address):
        print(f"trust-tui: {content.t('cli.serve_warning', listen=clean_line(args.listen))}",
              file=sys.stderr)
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError(content.t("cli.serve_needs_yes"))
            if input(content.t("cli.serve_confirm")).strip().lower() not in ("y", "yes", "j",
                                                                              "ja"):
                return 1
    url = args.url or public_url(address, port)
    door = WebDoor(data_file=path, lang=content.lang, host=address, port=port, url=url,
                   announce=content.t("cli.serving", url=url))
    try:  # F9 on the host shows the address
        announced: Path | None = announce_browser_door(_host_folder(path), url)
    except OSError:  # then F9 names the command instead
        announced = None
    try:
        door.serve()
    except OSError as error:
        raise CliError(content.t("cli.unusable", path=args.listen,
                                 reason=error.strerror or type(error).__name__)) from None
    finally:
        if announced is not None:
            announced.unlink(missing_ok=True)
    return 0


def _local(address: str) -> bool:
    return address in ("127.0.0.1", "localhost", "::1")


def _listen_address(text: str, content: Content) -> tuple[str, int]:
    address, _, port = text.rpartition(":")
    if not address or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise CliError(content.t("cli.bad_listen", listen=clean_line(text)))
    return address.strip("[]"), int(port)


def _run_app(store: Store, content: Content, *, solo: bool = False,
             open_session: str | None = None, host: bool = False,
             listen: tuple[str, int] = ("127.0.0.1", 2222)) -> int:
    from trust_tui.ui.app import TrustApp

    app = TrustApp(
        sessions=persistence.SessionRepository(store),
        journal=persistence.JournalRepository(store),
        lang=content.lang,
        start_solo=solo,
        open_session=open_session,
        host_folder=_host_folder(store.path) if host and store.path else None,
        listen=listen,
    )
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = detect_lang()
    asked = _lang_asked(argv)
    args = _plain_start(argv)
    if args is None:
        parser = build_parser(load_content(asked if asked in ("nl", "en") else lang))
        args = parser.parse_args(argv)
    lang = getattr(args, "lang", None) or lang
    if lang not in ("nl", "en"):
        print(f"trust-tui: {load_content('en').t('cli.bad_lang', lang=clean_line(lang))}",
              file=sys.stderr)
        return 2
    content = load_content(lang)
    if args.command == "script":
        try:
            return _cmd_script(content, args)
        except CliError as error:
            print(f"trust-tui: {error}", file=sys.stderr)
            return 1
    content = _use_own_script(args, lang)
    explicit = getattr(args, "db", None)
    path = Path(explicit).expanduser() if explicit else default_data_path()
    try:
        if args.command == "restore":
            return _cmd_restore(path, content, args)
        if args.command == "join":
            return _cmd_join(path, content, args)
        if args.command == "serve":
            return _cmd_serve(path, content, args)
        store = _open(path if explicit else None, content)
        try:
            if args.command == "list":
                return _cmd_list(store, content, args.json)
            if args.command == "export":
                return _cmd_export(store, content, args)
            if args.command == "erase":
                return _cmd_erase(store, content, args)
            if args.command == "demo":
                return _cmd_demo(store, content, args)
            listen = ("127.0.0.1", 2222)
            if args.command == "host":
                listen = _listen_address(args.listen, content)
                if not _local(listen[0]):
                    warning = content.t("cli.listen_warning", listen=clean_line(args.listen))
                    print(f"trust-tui: {warning}", file=sys.stderr)
            return _run_app(store, content, solo=args.command == "solo",
                            host=args.command == "host", listen=listen)
        finally:
            store.close()
    except CliError as error:
        print(f"trust-tui: {error}", file=sys.stderr)
        return 1
    except persistence.NotAPlainFile as odd:
        print(f"trust-tui: {content.t('cli.not_a_plain_file', path=odd.path)}", file=sys.stderr)
        return 1
    except persistence.Busy as busy:
        print(f"trust-tui: {content.t('cli.locked', path=busy.path)}", file=sys.stderr)
        return 1
    except persistence.NewerFormat as newer:
        print(f"trust-tui: {content.t('cli.newer_format', path=newer.path, version=newer.version)}",
              file=sys.stderr)
        return 1
    except persistence.DataFileError as error:
        print(f"trust-tui: {content.t('cli.unusable', path=path, reason=type(error).__name__)}",
              file=sys.stderr)
        return 1
    except OSError as error:  # a folder where a file should be, no permission, a full disk…
        reason = error.strerror or type(error).__name__
        where = error.filename if isinstance(error.filename, str) else path
        print(f"trust-tui: {content.t('cli.unusable', path=where, reason=reason)}",
              file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - a bug: one line, never a traceback (it could
        # show what someone wrote); the name of the error is enough to report it
        print(f"trust-tui: {content.t('cli.program_error', error=type(error).__name__)}",
              file=sys.stderr)
        return 70
