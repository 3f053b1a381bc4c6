import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {corpusRoot, runCli} from './helpers/cli.js';
import {fromLine, normalizeForMatch, sectionBody, sectionText} from './helpers/def-sections.js';
import {runRunscript} from './helpers/runscript.js';

type Expectation = {
	why: string;
	findings?: string[];
	noFindings?: string[];
	messageContains?: Record<string, string[]>;
	fixContains?: Record<string, string[]>;
	lines?: Record<string, number[]>;
	exit?: number;
	def?: {
		from?: string;
		contains?: string[];
		sections?: Record<string, string[]>;
		absent?: Record<string, string[]>;
		runscript?: Array<{args: string[]; argv: string[]}>;
	};
};

type Finding = {rule: string; severity: string; line: number; message: string; fix?: string};

const cases = readdirSync(corpusRoot, {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => entry.name).sort();

test('the shared corpus is there to check', () => {
	assert.ok(cases.length >= 20, `expected the corpus at ${corpusRoot}`);
});

for (const name of cases) {
	const folder = path.join(corpusRoot, name);
	const expectation = JSON.parse(readFileSync(path.join(folder, 'expect.json'), 'utf8')) as Expectation;

	describe(`corpus ${name}`, () => {
		test(`validate: ${expectation.why}`, () => {
			const result = runCli(['validate', folder, '--json']);
			const report = JSON.parse(result.stdout) as {file: string; findings: Finding[]};
			const rules = report.findings.map(finding => finding.rule);
			for (const rule of expectation.findings ?? []) {
				assert.ok(rules.includes(rule), `${rule} expected, got ${rules.join(', ')}`);
			}

			for (const rule of expectation.noFindings ?? []) {
				assert.ok(!rules.includes(rule), `${rule} must not be reported`);
			}

			for (const [rule, substrings] of Object.entries(expectation.messageContains ?? {})) {
				const messages = report.findings.filter(finding => finding.rule === rule).map(finding => finding.message).join('\n');
				for (const substring of substrings) {
					assert.ok(messages.includes(substring), `${rule} message should contain ${substring}: ${messages}`);
				}
			}

			for (const [rule, substrings] of Object.entries(expectation.fixContains ?? {})) {
				const fixes = report.findings.filter(finding => finding.rule === rule).map(finding => finding.fix ?? '').join('\n');
				for (const substring of substrings) {
					assert.ok(fixes.includes(substring), `${rule} fix should contain ${substring}: ${fixes}`);
				}
			}

			for (const [rule, lines] of Object.entries(expectation.lines ?? {})) {
				const reported = report.findings.filter(finding => finding.rule === rule).map(finding => finding.line);
				assert.deepEqual([...new Set(reported)].sort((a, b) => a - b), lines);
			}

			const impliedExit = report.findings.some(finding => finding.severity === 'error') ? 1 : 0;
			assert.equal(result.status, expectation.exit ?? impliedExit, result.stderr);
			if (expectation.exit !== undefined) {
				assert.equal(impliedExit, expectation.exit, 'the exit status agrees with the findings');
			}
		});

		const def = expectation.def;
		if (!def) {
			return;
		}

		test('convert', () => {
			const result = runCli(['convert', folder]);
			assert.equal(result.status, 0, result.stderr);
			const text = result.stdout;
			assert.ok(!text.includes('\r'), 'no carriage returns');
			if (def.from) {
				assert.equal(fromLine(text), def.from);
			}

			for (const substring of def.contains ?? []) {
				assert.ok(normalizeForMatch(text).includes(normalizeForMatch(substring)), `def should contain ${substring}`);
			}

			for (const [section, substrings] of Object.entries(def.sections ?? {})) {
				const body = normalizeForMatch(sectionText(text, section));
				for (const substring of substrings) {
					assert.ok(body.includes(normalizeForMatch(substring)), `${section} should contain ${substring}:\n${sectionText(text, section)}`);
				}
			}

			for (const [section, substrings] of Object.entries(def.absent ?? {})) {
				const body = sectionText(text, section);
				for (const substring of substrings) {
					// A needle made only of white space (a carriage return) is checked as written.
					const needle = normalizeForMatch(substring);
					const found = needle === '' ? body.includes(substring) : normalizeForMatch(body).includes(needle);
					assert.ok(!found, `${section} must not contain ${JSON.stringify(substring)}`);
				}
			}

			for (const probe of def.runscript ?? []) {
				const argv = runRunscript(sectionBody(text, '%runscript'), probe.args, [...probe.argv, ...def.runscript!.flatMap(other => other.argv.slice(0, 1))]);
				assert.deepEqual(argv, probe.argv, `apptainer run IMAGE ${probe.args.join(' ')}`);
			}
		});
	});
}
