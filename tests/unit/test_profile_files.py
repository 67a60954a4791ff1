"""Profile and log files: each mistake named in the words of its own format."""

from __future__ import annotations

import pytest

from runstrong.domain.errors import InvalidInput
from runstrong.services.planning import parse_json_text, parse_profile_text


@pytest.mark.parametrize(
    ("text", "suffix", "says"),
    [
        ('{"name": "A", "name": "B"}', ".json", "the key 'name' is given twice"),
        ("name: A\nname: B\n", ".yaml", "the key 'name' is given twice"),
        ('name = "A"\nname = "B"\n', ".toml", "not valid TOML"),
        ("[" * 100_000 + "]" * 100_000, ".json", "nested too deeply"),
        ('{"name": ', ".json", "not valid JSON (line 1"),
        ("name: [unclosed\n", ".yaml", "not valid YAML"),
    ],
)
def test_a_mistake_is_named_in_its_own_format(text: str, suffix: str, says: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_profile_text(text, suffix, "me" + suffix)
    assert says in str(caught.value)
    if suffix != ".yaml":
        assert "YAML" not in str(caught.value)


def test_a_log_with_a_key_twice_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_json_text('{"id": "a", "date": "2027-01-05", "id": "b"}', "--file (log.json)")
    assert "the key 'id' is given twice" in str(caught.value)
