"""Run a job of one of our GitHub workflows here, step by step, with real bash.

Only what our workflows use: `run:` steps with their `env:` (every `${{ }}` must be
given a value by the test, so nothing is guessed), and upload-artifact /
download-artifact as copies inside one temporary folder. Checkout and setup-python
are the test's own copy of the project and this Python. `if:` conditions are not
evaluated: a test runs the path it means to test. No network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


@dataclass
class StepResult:
    name: str
    returncode: int
    output: str
    outputs: dict[str, str] = field(default_factory=dict)
    """What the step wrote to GITHUB_OUTPUT."""


@dataclass
class LocalRunner:
    project: Path
    """The copy of the project the steps run in (the job's checkout)."""
    temp: Path
    """RUNNER_TEMP, shared by the jobs of one run, as artifacts link them."""
    context: dict[str, str]
    """Values for the `${{ }}` expressions the steps use, such as 'github.event.pull_request.number'."""
    env: dict[str, str] = field(default_factory=dict)
    artifacts: dict[str, Path] = field(default_factory=dict)
    summary: Path = field(init=False)

    def __post_init__(self) -> None:
        self.temp.mkdir(parents=True, exist_ok=True)
        (self.temp / "_artifacts").mkdir(exist_ok=True)
        self.summary = self.temp / "_summary.md"

    def job(
        self, workflow: str, job_id: str, *, stop_on_failure: bool = True, last_step: str | None = None
    ) -> list[StepResult]:
        """Run a job's steps in order; `last_step` (a step's name) stops after that step."""
        spec = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))["jobs"][job_id]
        job_env = {key: self.expand(str(value)) for key, value in (spec.get("env") or {}).items()}
        results = []
        for number, step in enumerate(spec["steps"], 1):
            name = step.get("name") or step.get("uses") or f"step {number}"
            if "uses" in step:
                self._action(step)
                if name == last_step:
                    break
                continue
            result = self._run(step, job_env, name)
            results.append(result)
            if result.returncode != 0 and stop_on_failure:
                raise AssertionError(f"{workflow} {job_id}: {name!r} failed ({result.returncode}):\n{result.output}")
            if name == last_step:
                break
        return results

    def expand(self, text: str) -> str:
        def value(match: re.Match) -> str:
            expression = match.group(1)
            if expression.startswith("runner.temp"):
                return str(self.temp)
            if expression not in self.context:
                raise KeyError(f"the test gives no value for ${{{{ {expression} }}}}")
            return self.context[expression]

        return EXPRESSION.sub(value, text)

    def _run(self, step: dict, job_env: dict[str, str], name: str) -> StepResult:
        files = {name: self.temp / f"_{name.lower()}" for name in ("GITHUB_OUTPUT", "GITHUB_ENV")}
        for path in files.values():
            path.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            **self.env,
            **job_env,
            **{key: self.expand(str(value)) for key, value in (step.get("env") or {}).items()},
            **{key: str(path) for key, path in files.items()},
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.temp),
        }
        script = self.expand(step["run"])
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=self.project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        # Later steps see what this one added to GITHUB_ENV, as on GitHub.
        self.env.update(_pairs(files["GITHUB_ENV"]))
        return StepResult(name, completed.returncode, completed.stdout + completed.stderr, _pairs(files["GITHUB_OUTPUT"]))

    def _action(self, step: dict) -> None:
        action = step["uses"].split("@")[0]
        if action not in ("actions/upload-artifact", "actions/download-artifact"):
            return  # checkout, setup-python and cache: the project copy and this Python stand in for them
        options = {key: self.expand(str(value)) for key, value in (step.get("with") or {}).items()}
        if action == "actions/upload-artifact":
            source = Path(options["path"])
            if not source.exists():
                return  # GitHub warns and uploads nothing
            stored = self.temp / "_artifacts" / options["name"]
            if stored.exists():
                shutil.rmtree(stored)
            if source.is_dir():
                shutil.copytree(source, stored)
            else:
                stored.mkdir()
                shutil.copy2(source, stored / source.name)
            self.artifacts[options["name"]] = stored
        elif action == "actions/download-artifact":
            stored = self.artifacts.get(options["name"])
            if stored is None:
                if step.get("continue-on-error"):
                    return
                raise AssertionError(f"no artifact called {options['name']!r} was uploaded")
            shutil.copytree(stored, Path(options["path"]), dirs_exist_ok=True)


def _pairs(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        pairs[key] = value
    return pairs
