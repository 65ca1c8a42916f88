// Tokenises every .bwk file given with the TextMate grammar (editors/bwk.tmLanguage.json)
// through vscode-textmate + vscode-oniguruma (VS Code's own engine), and checks each token
// against an independent scanner of the language's lexical rules (LANGUAGE.md "Lexical"):
// comments, numbers, keywords, built-ins, types and booleans get their scopes, other
// identifiers get no keyword scope, and no visible character is left unscoped.
// Usage: node tokenize_test.js GRAMMAR FILE...   (NODE_PATH must reach the two packages)
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const [grammarPath, ...files] = process.argv.slice(2);
const DECL = new Set(['spec', 'sort', 'const', 'param', 'assume', 'var', 'def', 'action', 'env', 'invariant', 'rule']);
const CONTROL = new Set(['require', 'assert', 'if', 'then', 'else', 'for', 'in', 'let', 'on', 'any']);
const QUANT = new Set(['forall', 'exists', 'sum', 'count']);
const BUILTIN = new Set(['old', 'abs', 'floor', 'ceil', 'mulDivDown', 'mulDivUp']);
const TYPES = new Set(['bool', 'int', 'nat', 'real']);
const KEYWORD_SCOPE = /^(storage|keyword|support|constant)\./;

// The scope prefix a word must carry, from the lexical rules alone.
function expected(word, rest, atLineStart) {
  const call = /^\s*\(/.test(rest);
  if (DECL.has(word)) return 'storage.';
  if (word === 'init') return call ? 'support.function.builtin' : 'storage.';
  if (word === 'measure' && atLineStart && /^\s+[A-Za-z_][A-Za-z0-9_]*\s*:/.test(rest)) return 'storage.';
  if (word === 'scenario' && atLineStart && /^\s+[A-Za-z_][A-Za-z0-9_]*\s*\{/.test(rest)) return 'storage.';
  if (atLineStart && ((word === 'drive' && /^\s+[A-Za-z_][A-Za-z0-9_]*\s*\(/.test(rest)) ||
                      (word === 'policy' && /^\s+(random|first)\b/.test(rest)) ||
                      (word === 'moves' && /^\s+[A-Za-z0-9_]/.test(rest)))) return 'keyword.control';
  if (CONTROL.has(word)) return 'keyword.control';
  if (QUANT.has(word)) return 'keyword.operator.quantifier';
  if (word === 'min' || word === 'max') return call ? 'support.function.builtin' : 'keyword.operator.quantifier';
  if (BUILTIN.has(word) && call) return 'support.function.builtin';
  if (TYPES.has(word)) return 'support.type.primitive';
  if (word === 'true' || word === 'false') return 'constant.language.boolean';
  return null;  // an identifier
}

async function main() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'source.bwk' ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar('source.bwk');
  let failures = 0, checked = { keyword: 0, number: 0, comment: 0, identifier: 0 };
  const fail = (file, ln, col, msg) => {
    if (failures++ < 40) console.log(`FAIL ${file}:${ln + 1}:${col + 1}: ${msg}`);
  };
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    let stack = vsctm.INITIAL, inBlock = false;
    lines.forEach((line, ln) => {
      const r = grammar.tokenizeLine(line, stack);
      stack = r.ruleStack;
      const scopesAt = new Array(line.length);
      for (const t of r.tokens) for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); ++i) scopesAt[i] = t.scopes;
      const has = (i, prefix) => (scopesAt[i] || []).some((s) => s.startsWith(prefix));
      let i = 0;
      while (i < line.length) {
        if (inBlock) {
          const end = line.indexOf('*/', i);
          const stop = end < 0 ? line.length : end + 2;
          for (; i < stop; ++i) if (!has(i, 'comment.block')) fail(file, ln, i, 'inside /* */ but not comment.block');
          checked.comment++;
          if (end >= 0) inBlock = false;
          continue;
        }
        const c = line[i], rest = line.slice(i);
        if (rest.startsWith('//')) {
          for (; i < line.length; ++i) if (!has(i, 'comment.line')) fail(file, ln, i, '// comment not comment.line');
          checked.comment++;
        } else if (rest.startsWith('/*')) {
          inBlock = true;
        } else if (c === '"') {
          // A string (a scenario's CSV file): no escapes, ends at the next quote or the line's end.
          const close = line.indexOf('"', i + 1);
          const stop = close < 0 ? line.length : close + 1;
          for (; i < stop; ++i) if (!has(i, 'string.quoted')) fail(file, ln, i, 'string not string.quoted');
          checked.string = (checked.string || 0) + 1;
        } else if (/\s/.test(c)) {
          ++i;
        } else if (/[0-9]/.test(c)) {
          const m = /^[0-9][0-9_]*(\.[0-9][0-9_]*)?/.exec(rest)[0];
          for (let k = 0; k < m.length; ++k) if (!has(i + k, 'constant.numeric')) fail(file, ln, i + k, `number ${m} not constant.numeric`);
          checked.number++;
          i += m.length;
        } else if (/[A-Za-z_]/.test(c)) {
          const w = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)[0];
          const want = expected(w, line.slice(i + w.length), /^\s*$/.test(line.slice(0, i)));
          const scopes = scopesAt[i] || [];
          if (want) {
            checked.keyword++;
            if (!scopes.some((s) => s.startsWith(want))) fail(file, ln, i, `\`${w}\` should be ${want}*, got ${scopes.join(' ')}`);
          } else {
            checked.identifier++;
            if (scopes.some((s) => KEYWORD_SCOPE.test(s))) fail(file, ln, i, `identifier \`${w}\` has a keyword scope: ${scopes.join(' ')}`);
            if (!scopes.some((s) => s.startsWith('variable.') || s.startsWith('entity.name.')))
              fail(file, ln, i, `identifier \`${w}\` is neither variable.* nor entity.name.*: ${scopes.join(' ')}`);
          }
          i += w.length;
        } else {
          // An operator or punctuation: scoped beyond the file's root scope.
          if ((scopesAt[i] || []).length < 2) fail(file, ln, i, `\`${c}\` is left unscoped`);
          ++i;
        }
      }
    });
  }
  console.log(`${files.length} files; checked ${checked.keyword} keywords, ${checked.number} numbers, ` +
              `${checked.comment} comments, ${checked.string || 0} strings, ${checked.identifier} identifiers; ${failures} failures`);
  process.exit(failures ? 1 : 0);
}
main().catch((e) => { console.error(e); process.exit(2); });
