import assert from 'node:assert/strict';
import {test} from 'node:test';
import stripAnsi from 'strip-ansi';
import {StepHeader} from '../../source/wizard/components/step-header.js';
import {drawPreFrame} from '../../source/wizard/pre-frame.js';
import {renderUi} from '../helpers/ui.js';

const eraser = `${'\u001B[2K\u001B[1A'.repeat(4)}\u001B[2K\u001B[G`;

/** A terminal's two ends as drawPreFrame sees them: what was written, and the keyboard's raw mode. */
function fakeTerminal(columns: number, colours = true) {
	const written: string[] = [];
	const rawModes: boolean[] = [];
	const output = {columns, hasColors: () => colours, write: (chunk: string) => written.push(chunk) > 0} as unknown as NodeJS.WriteStream;
	const input = {isTTY: true, isRaw: false, setRawMode: (mode: boolean) => rawModes.push(mode)} as unknown as NodeJS.ReadStream;
	return {output, input, written, rawModes};
}

test('the pre-frame draws the header Ink draws, at 100, 80 and 60 columns, and a line of what is happening', () => {
	for (const columns of [100, 80, 60]) {
		const terminal = fakeTerminal(columns);
		drawPreFrame(terminal.output, terminal.input, 'Checking the Dockerfile…', {});
		assert.ok(terminal.written.join('').startsWith('\r\u001B[2K'), 'from the start of a cleared line');
		const lines = stripAnsi(terminal.written.join('')).slice(1).split('\n');
		const ui = renderUi(<StepHeader current="validate" width={columns}/>);
		const ink = ui.screen().split('\n');
		ui.unmount();
		assert.deepEqual(lines.slice(0, 2), ink.slice(0, 2), `${columns} columns`);
		assert.deepEqual(lines.slice(2), ['', 'Checking the Dockerfile…', '']);
		assert.match(terminal.written.join(''), /\u001B\[36m/, 'the current step in the accent colour');
	}
});

test('at 60 columns each line is cut to the width with an ellipsis, as Ink cuts it; NO_COLOR draws it plain', () => {
	const terminal = fakeTerminal(60);
	drawPreFrame(terminal.output, terminal.input, 'Checking the Dockerfile…', {NO_COLOR: '1'});
	const frame = terminal.written.join('').replace('\r\u001B[2K', '');
	const [title, bar] = frame.split('\n');
	assert.equal(title, 'rescale-apptainer  Step 1/5: Validate the Dockerfile');
	assert.equal([...bar!].length, 60);
	assert.match(bar!, /^● Validate the Dockerfile {2}○ Review the def file {2}○ API key…$/);
	assert.doesNotMatch(frame, /\u001B/, 'no colour: only the line is cleared first');
});

test('Ink\'s first write erases the pre-frame inside its synchronized update; later writes are untouched', () => {
	const terminal = fakeTerminal(80);
	const preFrame = drawPreFrame(terminal.output, terminal.input, 'Checking the Dockerfile…', {});
	assert.deepEqual(terminal.rawModes, [true], 'keys typed meanwhile wait for Ink, unechoed');
	preFrame.handOver();
	terminal.output.write('\u001B[?2026hframe one');
	terminal.output.write('frame two');
	preFrame.erase();
	assert.deepEqual(terminal.written.slice(1), [`\u001B[?2026h${eraser}frame one`, 'frame two']);
	assert.deepEqual(terminal.rawModes, [true], 'Ink keeps the keyboard');
});

test('a wizard that stops before Ink draws erases the pre-frame once and gives the keyboard back', () => {
	const terminal = fakeTerminal(80);
	const preFrame = drawPreFrame(terminal.output, terminal.input, 'Checking the Dockerfile…', {});
	preFrame.erase();
	preFrame.erase();
	assert.deepEqual(terminal.written.slice(1), [eraser]);
	assert.deepEqual(terminal.rawModes, [true, false]);
});
