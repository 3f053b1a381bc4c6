// The syntax rule hands dockerfile-utils the tree the model was parsed into instead of letting it
// parse again (a speed-up, issue 11): the findings must be exactly those of a plain validate().
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {DockerfileParser} from 'dockerfile-ast';
import {validate, ValidationCode} from 'dockerfile-utils';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {syntaxRule} from '../../source/dockerfile/rules/syntax.js';
import {resolveStages} from '../../source/dockerfile/stages.js';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const texts = [
	...readdirSync(corpus, {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => readFileSync(path.join(corpus, entry.name, 'Dockerfile'), 'utf8').replaceAll(/\r\n?/g, '\n')),
	'FROM alpine\nRUN echo "unterminated\nCOPY\nENV A\nEXPOSE abc\nFROM',
	'ARG X\nHEALTHCHECK --interval=abc CMD true\nWORKDIR relative\nCMD ["a",',
];

test('syntax findings with the shared tree equal those of dockerfile-utils on its own, and parse is restored', () => {
	const parse = DockerfileParser.parse;
	for (const text of texts) {
		const model = parseDockerfile(text);
		const findings = syntaxRule.check({model, stages: resolveStages(model)});
		const plain = validate(text).filter(diagnostic => diagnostic.code !== ValidationCode.NO_SOURCE_IMAGE).map(diagnostic => diagnostic.range.start.line + 1);
		assert.deepEqual([...new Set(findings.map(finding => finding.line))], [...new Set(plain)], text);
		assert.equal(DockerfileParser.parse, parse);
	}
});
