"""The builds a benchmark can run: the working tree, and any commit installed
beside it (``--against REV``) into a virtual environment of its own.

A commit's build lives in ``.bench-builds/<commit>/`` at the top of the
repository (ignored by git): its files as ``git archive`` gives them in
``src/``, and ``venv/`` with it installed (its dependencies from its own
setup.cfg, through pip). It is kept for the next run: a commit never changes.
"""

import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILDS = REPO / ".bench-builds"


@dataclass(frozen=True)
class Build:
    """One version of diundash to serve: its interpreter, and the folder it
    runs in (so ``python -m diundash`` finds that version and no other)."""

    name: str
    python: str
    cwd: Path

    def serve(self) -> list[str]:
        return [self.python, "-m", "diundash", "serve"]


def working_tree() -> Build:
    """This checkout, as it is (its .venv has it installed, editable)."""
    return Build("working tree", sys.executable, REPO)


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def reference(rev: str) -> Build:
    """The build of commit ``rev`` (a hash, branch or tag), installed on first use."""
    commit = _git("rev-parse", "--verify", f"{rev}^{{commit}}")
    home = BUILDS / commit
    python = home / "venv" / "bin" / "python"
    stamp = home / "installed"
    if not stamp.is_file():
        print(f"installing {rev} ({commit[:9]}) into {home.relative_to(REPO)}", flush=True)
        shutil.rmtree(home, ignore_errors=True)
        (home / "src").mkdir(parents=True)
        archive = subprocess.Popen(["git", "archive", commit], cwd=REPO, stdout=subprocess.PIPE)
        assert archive.stdout is not None
        with tarfile.open(fileobj=archive.stdout, mode="r|") as files:
            files.extractall(home / "src", filter="data")
        if archive.wait() != 0:
            raise SystemExit(f"git archive {commit} failed")
        subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True)
        pip = [str(python), "-m", "pip", "install", "-qq", "--disable-pip-version-check"]
        subprocess.run([*pip, str(home / "src")], check=True)
        stamp.write_text(commit + "\n")
    label = rev if commit.startswith(rev) else f"{rev} ({commit[:7]})"
    # Run from home, not src/: the installed copy is the one imported.
    return Build(label, str(python), home)
