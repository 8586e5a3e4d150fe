"""A long roster takes few lines: up to four people one to a row, then two, then three to a row; everyone is
listed once with their role (issue 10: a draft a reviewer keeps)."""

from datetime import date

import pytest

from agent.draft import draft

PEOPLE = ["Maya Singh", "Felix Wagner", "Piotr Zielinski", "June Adebayo", "Omar Haddad", "Sunny Park",
          "Ines Duarte", "Dmitri Volkov", "Lottie Hughes", "Theo Martin", "Nadia Karimi"]


def roster(tmp_path, count: int) -> list[str]:
    lines = [f"2026-03-10 14:{minute:02d} UTC {name}: checkout errors, looking at the {minute}th graph"
             for minute, name in enumerate(PEOPLE[:count])]
    path = tmp_path / "chat.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    markdown = draft(str(path), today=date(2026, 3, 11), env={}, offline=True, kb=None).markdown
    section = markdown.split("## Roles\n", 1)[1].split("\n\n", 1)[0]
    return section.split("\n")


@pytest.mark.parametrize(("count", "pairs_per_row"), [(3, 1), (4, 1), (5, 2), (8, 2), (9, 3), (11, 3)])
def test_the_roster_widens_as_it_grows_and_lists_everyone_once(tmp_path, count, pairs_per_row):
    header, rule, *rows = roster(tmp_path, count)
    assert header.count("| Role | Name") == pairs_per_row and rule.count("---|---|") == pairs_per_row
    assert len(rows) == -(-count // pairs_per_row)
    cells = [cell.strip() for row in rows for cell in row.strip("|").split("|")]
    assert sorted(name for name in cells if name in PEOPLE) == sorted(PEOPLE[:count])
    assert all(row.count("|") == 1 + 2 * pairs_per_row for row in rows)
