import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {validateDockerfile} from '../../source/dockerfile/validate.js';

test('a finding\'s message does not repeat its line: every printer already says `line N rule:`', () => {
	const findings = validateDockerfile(parseDockerfile(['FROM ubuntu:20.04', 'RUNN echo', 'RUN apt-get install tzdata', 'EXPOSE 80/tcpp'].join('\n')));
	const rules = new Set(findings.map(finding => finding.rule));
	assert.ok(rules.has('syntax') && rules.has('apt-noninteractive'), JSON.stringify(findings));
	for (const finding of findings) {
		assert.doesNotMatch(finding.message, /^line \d+\b/i, `${finding.rule}: ${finding.message}`);
	}
});
