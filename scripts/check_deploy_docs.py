"""make deploy-check: docs/deploy.md shows every file of deploy/ exactly as it is.

The documented Slurm script is the one `make test-slurm` runs, and the documented manifests are
the ones kubernetes-validate checks, so a reader never copies a script that was not tested.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
doc = (root / "docs" / "deploy.md").read_text()
blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", doc, flags=re.S | re.M)
failed = False
for path in sorted((root / "deploy").rglob("*")):
    if not path.is_file():
        continue
    text = path.read_text()
    if text not in blocks:
        print(f"docs/deploy.md: no code block is exactly {path.relative_to(root)}; copy the file in whole")
        failed = True
print("deploy-check: docs/deploy.md shows every file of deploy/ verbatim" if not failed else "", end="\n" if not failed else "")
sys.exit(1 if failed else 0)
