from pathlib import Path

from hybridwatch import case as cases
from hybridwatch.narratives import framing


def add(case: cases.Case, actor: str, when: str, text: str) -> None:
    case.con.execute(
        "INSERT INTO statements (actor, published, day_only, text, truncated, keywords,"
        " source_id, locator) VALUES (?, ?, TRUE, ?, FALSE, [], 1, 'line 1')",
        [actor, when, text],
    )


def test_frames_counted_per_actor_and_month_in_any_language(tmp_path: Path) -> None:
    with cases.init(tmp_path / "case") as case:
        add(case, "mfa", "2024-05-20", "France is a Neo-Colonial power in the Pacific.")
        add(case, "mfa", "2024-05-21", "Франция — колониальная держава, а киевский режим лжёт.")
        add(case, "mfa", "2024-05-22", "Talks on grain exports continued.")
        add(case, "big", "2024-05-23", "La France mène une politique néocoloniale.")
        add(
            case, "big", "2024-06-01", "Decolonization is overdue."
        )  # no word starts with a pattern
        found = {(c["frame"], c["actor"], c["month"]): c for c in framing.counts(case)}
    assert found[("colonialism", "mfa", "2024-05")]["statements"] == 2
    assert found[("colonialism", "mfa", "2024-05")]["of"] == 3
    assert found[("colonialism", "big", "2024-05")]["share"] == 1.0
    assert found[("kiev-regime", "mfa", "2024-05")]["statements"] == 1
    assert ("colonialism", "big", "2024-06") not in found


def test_case_frames_add_and_replace() -> None:
    mine = framing.frames({"colonialism": ("empire",), "sovereignty": ("sovereign",)})
    by_name = {f.name: f for f in mine}
    assert by_name["colonialism"].patterns == ("empire",)
    assert "sovereignty" in by_name and "kiev-regime" in by_name
