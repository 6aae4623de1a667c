"""python -m generator.render.strings: rewrite the theme's copy of the theme.* strings."""

from . import main

main()
