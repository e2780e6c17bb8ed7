"""The one native part: the DC scan behind 24-MP thumbnails (docs/imaging.md). Optional: where
no C compiler is found the build goes on without it, and thumbnails decode with Pillow."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "editor_app.imaging._dcscan",
            ["editor_app/imaging/_dcscan.c"],
            optional=True,
        )
    ]
)
