import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {validateDockerfile} from '../../source/dockerfile/validate.js';
import {BuildFailure} from '../../source/wizard/components/build-failure.js';
import {HangingText, hangingRows} from '../../source/wizard/components/hanging-text.js';
import {ValidateStep} from '../../source/wizard/steps/validate-step.js';
import {renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';

test('a wrapped line continues under its text, not at column 0', () => {
	const ui = renderUi(<Box width={30}><HangingText lead="  line 6 ">rule: the base image ships torch 1.10 but the wheels are for 1.11</HangingText></Box>);
	const rows = ui.screen().split('\n');
	assert.ok(rows.length > 2, `it wraps at 30 columns:\n${ui.screen()}`);
	assert.match(rows[0]!, /^ {2}line 6 rule:/);
	for (const row of rows.slice(1)) {
		assert.match(row, /^ {9}\S/, `continuation indented under the text:\n${ui.screen()}`);
	}

	assert.equal(hangingRows('  line 6 ', 'rule: the base image ships torch 1.10 but the wheels are for 1.11', 30), rows.length, 'the row count matches what Ink drew');
	ui.unmount();
});

test('step 1 at 50 columns: the error, its fix and the applied fix wrap under their text', async () => {
	const wizard = await testServices();
	const findings = validateDockerfile(wizard.dockerfile.model);
	const ui = renderUi(<Box width={50}><ValidateStep file="Dockerfile" text={wizard.dockerfile.text} findings={findings} fixes={['line 1: pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime -> pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime']} override={false} unconvertible={false} maxLines={60} width={50} onApplyFixes={() => findings} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => undefined} onQuit={() => undefined}/></Box>);
	const screen = ui.screen();
	const rows = screen.split('\n');
	const continuation = (start: RegExp, indent: number) => {
		const first = rows.findIndex(row => start.test(row));
		assert.ok(first >= 0, `${String(start)} on screen:\n${screen}`);
		assert.match(rows[first + 1]!, new RegExp(`^ {${indent}}\\S`), `the row after ${String(start)} is indented by ${indent}:\n${screen}`);
	};

	continuation(/^✓ fixed line 1:/, '✓ fixed '.length);
	continuation(/^ {2}line 6 torch-wheel-mismatch:/, '  line 6 '.length);
	continuation(/^ {4}fix: Change the base/, '    fix: '.length);
	ui.unmount();
});

test('a failed build at 40 columns: the cause wraps under the text after ✗', () => {
	const result = {status: 'failed' as const, job: 'J1', lastLines: [], cause: 'the build node ran out of disk while unpacking the base image layers', failedChecks: []};
	const ui = renderUi(<Box width={40}><BuildFailure result={result} findings={[]}/></Box>);
	const rows = ui.screen().split('\n');
	assert.match(rows[0]!, /^✗ The build failed \(job J1\)/);
	assert.ok(rows.length > 2);
	for (const row of rows.slice(1)) {
		assert.match(row, /^ {2}\S/, `continuation under the text:\n${ui.screen()}`);
	}

	ui.unmount();
});

test('step 1 fits the rows it is given at 60 and 40 columns, its wrapped key hints counted: q quit stays on screen', async () => {
	const wizard = await testServices();
	const findings = validateDockerfile(wizard.dockerfile.model);
	for (const [columns, rows] of [[60, 11], [40, 16]] as const) {
		const ui = renderUi(<Box width={columns} flexDirection="column"><ValidateStep file="Dockerfile" text={wizard.dockerfile.text} findings={findings} fixes={[]} override={false} unconvertible={false} maxLines={rows} width={columns} onApplyFixes={() => findings} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => undefined} onQuit={() => undefined}/></Box>);
		const frame = ui.screen().split('\n');
		assert.ok(frame.length <= rows, `${frame.length} rows at ${columns}x${rows}:\n${ui.screen()}`);
		assert.match(ui.screen(), /q quit/);
		ui.unmount();
	}
});
