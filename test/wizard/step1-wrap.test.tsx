import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {validateDockerfile} from '../../source/dockerfile/validate.js';
import {ValidateStep} from '../../source/wizard/steps/validate-step.js';
import {renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';

test('step 1 with room to spare shows every warning and note whole, wrapped under its text, at 80 and 60 columns', async () => {
	const wizard = await testServices();
	const findings = validateDockerfile(wizard.dockerfile.model);
	const cautions = findings.filter(finding => finding.severity !== 'error');
	assert.ok(cautions.length > 0);
	for (const width of [80, 60]) {
		const ui = renderUi(<Box width={width} flexDirection="column"><ValidateStep file="Dockerfile" text={wizard.dockerfile.text} findings={findings} fixes={[]} override={false} unconvertible={false} maxLines={200} width={width} onApplyFixes={() => findings} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => undefined} onQuit={() => undefined}/></Box>);
		const flat = ui.screen().replaceAll(/\s+/g, ' ');
		for (const finding of cautions) {
			assert.ok(flat.includes(`${finding.rule}: ${finding.message}`.replaceAll(/\s+/g, ' ')), `${width} columns: ${finding.rule} whole\n${ui.screen()}`);
			if (finding.fix) {
				assert.ok(flat.includes(`fix: ${finding.fix}`.replaceAll(/\s+/g, ' ')), `${width} columns: the fix of ${finding.rule} whole`);
			}
		}

		assert.ok(ui.screen().split('\n').every(line => line.length <= width), 'nothing wider than the terminal');
		ui.unmount();
	}
});

test('at 80x24 a group\'s heading is not left alone at the bottom without its first finding', async () => {
	const wizard = await testServices();
	const findings = validateDockerfile(wizard.dockerfile.model);
	// The rows the wizard gives step 1 at 80x24 (header and margins taken).
	for (const maxLines of [18, 19, 20, 21]) {
		const ui = renderUi(<Box width={80} flexDirection="column"><ValidateStep file="Dockerfile" text={wizard.dockerfile.text} findings={findings} fixes={[]} override={false} unconvertible={false} maxLines={maxLines} width={80} onApplyFixes={() => findings} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => undefined} onQuit={() => undefined}/></Box>);
		const rows = ui.screen().split('\n');
		const heading = rows.findIndex(row => /^(Warnings|Notes) \(\d+\)$/.test(row));
		assert.ok(heading === -1 || /^ {2}line \d+ /.test(rows[heading + 1]!), `${maxLines} rows:\n${ui.screen()}`);
		ui.unmount();
	}
});
