import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {validateDockerfile} from '../../source/dockerfile/validate.js';
import {ValidateStep} from '../../source/wizard/steps/validate-step.js';
import {symbols} from '../../source/wizard/theme.js';
import {renderUi} from '../helpers/ui.js';
import {firstScreenAt, namesDockerfile} from '../helpers/wizard-walk.js';
import {testServices} from '../helpers/wizard-services.js';

const summary = /^1 error\(s\), 4 warning\(s\) and note\(s\)$/m;

test('step 1 on a short terminal keeps the finding Enter would fix, and its fix, in view with the keys: other text goes first', async () => {
	const wizard = await testServices();
	const findings = validateDockerfile(wizard.dockerfile.model);
	// From the rows step 1 has at 60x15 under an in-flight banner up to 80x24's.
	for (const width of [60, 80]) {
		for (let maxLines = 6; maxLines <= 20; maxLines++) {
			const ui = renderUi(<Box width={width}><ValidateStep file={wizard.dockerfile.file} text={wizard.dockerfile.text} findings={findings} fixes={[]} override={false} unconvertible={false} maxLines={maxLines} width={width} onApplyFixes={() => findings} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => undefined} onQuit={() => undefined}/></Box>);
			const screen = ui.screen();
			const where = `${maxLines} rows at ${width} columns:\n${screen}`;
			assert.ok(screen.split('\n').length <= maxLines, where);
			assert.match(screen, /Enter apply the fix/, where);
			assert.match(screen, /^ {2}line 6 torch-wheel-mismatch: /m, where);
			assert.match(screen, /^ {4}fix: Change the base to FROM\b/m, where);
			assert.match(screen, /rescale-apptainer validate shows them all/, where);
			// From the 8 rows step 1 has at 60x15 under a one-job banner: which Dockerfile, and how it stands, before any other finding.
			if (maxLines >= 8) {
				assert.match(screen, /^\S*Dockerfile$/m, where);
				assert.match(screen, summary, where);
			}

			ui.unmount();
		}
	}
});

test('a Dockerfile path longer than the terminal is wide loses its start, never its name', async () => {
	const wizard = await testServices();
	const findings = validateDockerfile(wizard.dockerfile.model);
	const file = `/home/researcher/${'deeply/nested/'.repeat(6)}gauge-equivariant-mesh-cnn/Dockerfile`;
	const ui = renderUi(<Box width={60}><ValidateStep file={file} text={wizard.dockerfile.text} findings={findings} fixes={[]} override={false} unconvertible={false} maxLines={11} width={60} onApplyFixes={() => findings} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => undefined} onQuit={() => undefined}/></Box>);
	const row = ui.screen().split('\n')[0]!;
	assert.ok(row.endsWith('/gauge-equivariant-mesh-cnn/Dockerfile'), row);
	assert.ok(row.startsWith(symbols.ellipsis) && file.endsWith(row.slice(symbols.ellipsis.length)), `the end of the path, after an ellipsis: ${row}`);
	assert.ok(row.length <= 60 && row.length >= 58, row);
	ui.unmount();
});

for (const [columns, rows] of [[60, 15], [80, 24]] as const) {
	test(`the wizard's step 1 at ${columns}x${rows}: header, the Dockerfile's name and summary, the finding Enter fixes and its fix, the keys`, async () => {
		const services = await testServices();
		const screen = await firstScreenAt(services, columns, rows);
		const where = `at ${columns}x${rows}:\n${screen}`;
		assert.ok(screen.split('\n').length < rows, `shorter than the terminal ${where}`);
		assert.match(screen, /^rescale-apptainer {2}Step 1\/5/m, where);
		assert.ok(namesDockerfile(screen, services.dockerfile.file), `the Dockerfile's path, or its end ${where}`);
		assert.match(screen, summary, where);
		assert.match(screen, /^ {2}line 6 torch-wheel-mismatch: /m, where);
		assert.match(screen, /^ {4}fix: Change the base to FROM\b/m, where);
		assert.match(screen, /more lines \(rescale-apptainer validate shows them all\)/, `the other findings are cut, and it says so ${where}`);
		assert.match(screen, /Enter apply the fix/, where);
		assert.match(screen, /q quit/, where);
	});
}
