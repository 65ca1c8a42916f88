#!/usr/bin/env bash
# The TextMate grammar for .bwk (editors/) tokenises every spec in examples/
# and specs/ (and the good test inputs) with the scopes the lexical rules
# require (tests/editors/tokenize_test.js). The engine is VS Code's own:
# vscode-textmate + vscode-oniguruma, installed from the npm registry into the
# build folder on first run. Without npm or the registry the test is skipped
# (exit 77), never passed: see docs/editors.md.
# Usage: grammar_test.sh REPO_ROOT BUILD_DIR
set -u
root=$1
dir=$2/editors-test
cd "$root" || exit 1
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "SKIP: node and npm are needed (Debian: nodejs, npm)"; exit 77
fi
if [ ! -d "$dir/node_modules/vscode-textmate" ] || [ ! -d "$dir/node_modules/vscode-oniguruma" ]; then
  mkdir -p "$dir"
  if ! npm install --prefix "$dir" --no-audit --no-fund --silent vscode-textmate@9 vscode-oniguruma@2 > "$dir/npm.log" 2>&1; then
    echo "SKIP: npm could not install vscode-textmate and vscode-oniguruma:"; tail -5 "$dir/npm.log"; exit 77
  fi
fi
# The grammar is valid JSON with the scope name the package declares.
node -e '
  const g = require(process.argv[1]), p = require(process.argv[2]);
  if (g.scopeName !== "source.bwk" || p.contributes.grammars[0].scopeName !== g.scopeName) process.exit(1);
' "$root/editors/bwk.tmLanguage.json" "$root/editors/package.json" || { echo "FAIL: grammar and package.json disagree"; exit 1; }
mapfile -t files < <(find examples specs tests/inputs/good -name '*.bwk' | sort)
NODE_PATH="$dir/node_modules" node tests/editors/tokenize_test.js editors/bwk.tmLanguage.json "${files[@]}"
