import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box, Text, useInput} from 'ink';
import {act, useState} from 'react';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {ChoiceScreen} from '../../source/wizard/components/choice-screen.js';
import {FitRows} from '../../source/wizard/components/fit-rows.js';
import {listLimit} from '../../source/wizard/components/list-limit.js';
import {validateDockerfile} from '../../source/dockerfile/validate.js';
import {ValidateStep} from '../../source/wizard/steps/validate-step.js';
import {keys, renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';

/** A step whose content grows by three lines at every key, as a job's log does, ending with its key hints. */
function GrowingStep({rows}: {rows: number}) {
	const [lines, setLines] = useState(2);
	useInput(() => {
		setLines(count => count + 3);
	});
	return (
		<Box flexDirection="column" width={40}>
			<Text>HEADER</Text>
			<FitRows rows={rows}>
				{Array.from({length: lines}, (_, index) => <Text key={index}>{`line ${index + 1}`}</Text>)}
				<Text>Enter continue · q quit</Text>
			</FitRows>
		</Box>
	);
}

test('FitRows: content that fits is drawn as it is, with no note', () => {
	const ui = renderUi(<GrowingStep rows={6}/>);
	assert.equal(ui.screen(), 'HEADER\nline 1\nline 2\nEnter continue · q quit');
	ui.unmount();
});

test('FitRows: content that outgrows its rows is cut from the top, the key hints stay, and a line says how much is cut', async () => {
	const ui = renderUi(<GrowingStep rows={6}/>);
	await ui.press('x');
	await ui.press('x');
	const rows = ui.screen().split('\n');
	assert.equal(rows.length, 7, `the header and six rows:\n${ui.screen()}`);
	assert.equal(rows[0], 'HEADER');
	assert.match(rows[1]!, /^… 4 lines above cut off$/);
	assert.deepEqual(rows.slice(2), ['line 5', 'line 6', 'line 7', 'line 8', 'Enter continue · q quit']);
	ui.unmount();
});

/** Numbered rows, and a dialog of six more that a key opens and Esc closes, as the Ctrl-C question does. */
function DialogStep({rows}: {rows: number}) {
	const [open, setOpen] = useState(false);
	useInput((_input, key) => {
		setOpen(!key.escape);
	});
	return (
		<Box flexDirection="column" width={40}>
			<Text>HEADER</Text>
			<FitRows rows={rows}>
				{Array.from({length: open ? 10 : 4}, (_, index) => <Text key={index}>{`row ${index + 1}`}</Text>)}
				<Text>Esc stay</Text>
			</FitRows>
		</Box>
	);
}

test('FitRows: every frame, not only the last, says what it cuts and no more: closing a dialog leaves no cut-off line and no empty rows', async () => {
	const instance = render(<DialogStep rows={6}/>);
	const press = async (key: string) => act(async () => {
		instance.stdin.write(key);
	});
	await press('o');
	await press(keys.escape);
	await press('o');
	await press(keys.escape);

	const frames = instance.frames.map(frame => stripAnsi(frame));
	assert.ok(frames.some(frame => frame.includes('above cut off')), 'the open dialog is cut');
	for (const frame of frames) {
		const rows = frame.split('\n');
		assert.ok(rows.length <= 7, `the header and six rows at most:\n${frame}`);
		assert.ok(rows.every(row => row.trim() !== ''), `no empty rows:\n${frame}`);
		// The first row under the header is the first one shown, or says how many are cut above it.
		const cut = /^… (\d+) lines above cut off$/.exec(rows[1]!);
		assert.equal(rows[cut ? 2 : 1], `row ${cut ? Number(cut[1]) + 1 : 1}`, `the count matches what is cut:\n${frame}`);
	}

	assert.equal(frames.at(-1), 'HEADER\nrow 1\nrow 2\nrow 3\nrow 4\nEsc stay');
	instance.unmount();
});

test('listLimit: as many items as fit with the tallest in view, never none, never more than asked', () => {
	const short = {label: '6 cores', hint: '$5.05/h'};
	const tall = {label: 'Aquamarine v3', hint: 'Intel Xeon E5-2690 v4 @ 2.6 GHz, Tesla V100; 1 GPU x 6 cores, 109 GB, $5.05/h'};
	assert.equal(listLimit([short, short, short], 10, 60), 3);
	assert.equal(listLimit(Array.from({length: 20}, () => short), 30, 60), 8, 'at most eight');
	// The tall item takes two rows at 60 columns: two rows left show one item.
	assert.equal(listLimit([tall, short, short], 2, 60), 1);
	assert.equal(listLimit([tall, short, short], 3, 60), 2);
	assert.equal(listLimit([tall, tall], 0, 60), 1, 'a list shows at least one item');
});

test('step 1 never takes more rows than it is given, and a group heading is never drawn without its finding', async () => {
	const wizard = await testServices();
	const findings = validateDockerfile(wizard.dockerfile.model);
	for (const width of [60, 80]) {
		for (let maxLines = 6; maxLines <= 24; maxLines++) {
			const ui = renderUi(<Box width={width}><ValidateStep file={wizard.dockerfile.file} text={wizard.dockerfile.text} findings={findings} fixes={[]} override={false} unconvertible={false} maxLines={maxLines} width={width} onApplyFixes={() => findings} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => undefined} onQuit={() => undefined}/></Box>);
			const rows = ui.screen().split('\n');
			assert.ok(rows.length <= maxLines, `${rows.length} rows for ${maxLines} at ${width} columns:\n${ui.screen()}`);
			const heading = rows.findIndex(row => /^(?:Errors|Warnings|Notes) \(\d+\)$/.test(row));
			if (heading !== -1) {
				assert.match(rows[heading + 1] ?? '', /^ {2}line \d+ /, `a heading with its finding (${maxLines} rows at ${width}):\n${ui.screen()}`);
			}

			ui.unmount();
		}
	}
});

test('a choice list too long for its rows shows what fits and says how many more there are, within its rows', () => {
	const items = ['Aquamarine v3', 'Tourmaline A100', 'Sapphire H100'].map(label => ({label, value: label, hint: 'Intel Xeon E5-2690 v4 @ 2.6 GHz, Tesla V100; 1 GPU x 6 cores, 109 GB, $5.05/h; has kernels'}));
	const ui = renderUi(<Box width={60}><ChoiceScreen question="Which GPU coretype?" items={items} hints={[{key: 'Enter', label: 'select'}]} rows={8} width={60} onSelect={() => undefined}/></Box>);
	const rows = ui.screen().split('\n');
	assert.ok(rows.length <= 8, `${rows.length} rows:\n${ui.screen()}`);
	assert.match(ui.screen(), /^ {2}1 more \(↑\/↓ to scroll\)$/m, ui.screen());
	ui.unmount();
	const roomy = renderUi(<Box width={60}><ChoiceScreen question="Which GPU coretype?" items={items} hints={[{key: 'Enter', label: 'select'}]} rows={20} width={60} onSelect={() => undefined}/></Box>);
	assert.doesNotMatch(roomy.screen(), /more \(/, 'nothing said when all fit');
	roomy.unmount();
});
