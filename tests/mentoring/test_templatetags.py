import pytest

from mentoring.templatetags.mentoring_tags import ru_plural


@pytest.mark.parametrize(
    "number,expected",
    [
        (1, "1 год"),
        (2, "2 года"),
        (5, "5 лет"),
        (11, "11 лет"),
        (21, "21 год"),
        (22, "22 года"),
        (112, "112 лет"),
        (0, "0 лет"),
    ],
)
def test_russian_plural(number, expected):
    assert ru_plural(number, "год,года,лет") == expected
