"""A caption-desk.toml that travels with a folder of photos is untrusted (issue 11, item 7):
its patterns are matched in linear time, and it cannot switch off ``unreadable-file``."""

import pytest

from editor_app.errors import ConfigError
from editor_app.patterns import compile_pattern
from editor_app.settings import load_settings, settings_for
from tests.metadata.builders import jpeg_file, run_cli, write, xmp_fields

DEADLINE = 60  # seconds; Python's backtracking engine needs years for the pattern below


def test_a_catastrophic_pattern_in_a_folder_file_does_not_hang_check(tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "caption-desk.toml").write_text("credit-patterns = ['^(a+)+$']\n")
    write(desk / "a.jpg", jpeg_file(xmp=xmp_fields(caption="A caption.", Credit="a" * 60 + "!")))
    result = run_cli("check", "--format", "json", str(desk), timeout=DEADLINE)
    assert result.returncode in (0, 1), result.stderr
    assert '"rule": "credit-format"' in result.stdout


def test_patterns_keep_python_unicode_classes():
    assert compile_pattern(r"\w+ \w+").fullmatch("José Núñez")
    assert compile_pattern(r"[\w.-]+/\d+").fullmatch("Jean-Luc.B/١٢")
    assert compile_pattern(r"\S+\s\S+").fullmatch("a\u00a0b")
    assert not compile_pattern(r"\W").fullmatch("é")
    assert compile_pattern(r"[]a]+").fullmatch("]a]")


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=AP)AP.*", "("])
def test_patterns_re2_cannot_match_safely_are_refused_by_name(tmp_path, pattern):
    path = tmp_path / "caption-desk.toml"
    path.write_text(f"credit-patterns = ['{pattern}']\n")
    with pytest.raises(ConfigError, match="credit-patterns: .* not a pattern we can match"):
        load_settings(path)


@pytest.mark.parametrize(
    "rules",
    [
        '[rules]\nignore = ["unreadable-file"]\n',
        '[rules.severity]\nunreadable-file = "off"\n',
        '[rules.severity]\nunreadable-file = "warning"\n',
    ],
)
def test_a_folder_file_cannot_switch_off_unreadable_file(tmp_path, rules):
    (tmp_path / "caption-desk.toml").write_text(rules)
    with pytest.raises(ConfigError, match="cannot switch off or soften unreadable-file"):
        settings_for(None, tmp_path)
    explicit = settings_for(tmp_path / "caption-desk.toml", tmp_path)  # --config: the user's call
    assert explicit.ignore or explicit.severities


def test_the_users_own_file_may_switch_it_off(tmp_path):
    from editor_app import paths

    own = paths.ensure(paths.config_dir()) / "caption-desk.toml"
    own.write_text('[rules]\nignore = ["unreadable-file"]\n')
    assert settings_for(None, tmp_path).ignore == ("unreadable-file",)


def test_check_refuses_a_folder_file_that_hides_unreadable_photos(tmp_path):
    (tmp_path / "caption-desk.toml").write_text('[rules]\nignore = ["unreadable-file"]\n')
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff")
    result = run_cli("check", str(tmp_path), timeout=DEADLINE)
    assert result.returncode == 2
    assert "cannot switch off or soften unreadable-file" in result.stderr
