#!/usr/bin/env python3
"""Validates each notebook with nbformat (schema 4.5) and executes it with nbclient on a
Python 3 kernel; a failing cell fails the check. Usage: notebook_check.py NOTEBOOK.ipynb..."""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main():
    paths = sys.argv[1:]
    if not paths:
        sys.exit(__doc__)
    failed = False
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        try:
            nbformat.validate(notebook)
            if (notebook.nbformat, notebook.nbformat_minor) != (4, 5):
                raise ValueError(f"nbformat {notebook.nbformat}.{notebook.nbformat_minor}, expected 4.5")
            NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
            cells = sum(1 for c in notebook.cells if c.cell_type == "code")
            print(f"notebook-check ok: {path}: valid nbformat 4.5, {cells} code cells executed")
        except (nbformat.ValidationError, CellExecutionError, ValueError) as error:
            failed = True
            # The cell's source embeds the whole result: show the error's last lines only.
            lines = [line for line in str(error).splitlines() if line.strip()]
            print(f"notebook-check FAIL: {path}:\n  " + "\n  ".join(lines[-6:]))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
