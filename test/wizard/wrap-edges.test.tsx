import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import type {RunResult} from '../../source/run/pipeline.js';
import {FinishedSteps} from '../../source/wizard/components/finished-steps.js';
import {JobPanel, timelineText} from '../../source/wizard/components/job-panel.js';
import {Paragraph} from '../../source/wizard/components/paragraph.js';
import {RunOutcome} from '../../source/wizard/components/run-outcome.js';
import {emptyJobView, foldEvent, statusEntries, type JobView} from '../../source/wizard/job-view.js';
import {KeyStep} from '../../source/wizard/steps/key-step.js';
import {symbols} from '../../source/wizard/theme.js';
import {renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';

const start = Date.parse('2026-01-01T12:31:55Z');
const statuses = ['Pending', 'Waiting for Queue', 'Queued', 'Started', 'Validated', 'Executing', 'Completed'];

/** A job that went through every status, one each `seconds`. */
function jobEvery(seconds: number): JobView {
	return statuses.reduce((folded, status, index) => foldEvent(folded, {kind: 'status', job: 'XH5ixp', status, at: '2026-01-01T12:41:40Z', reason: ''}, start + (index + 1) * seconds * 1000), emptyJobView);
}

/** The entries on a row of a timeline, without the arrows between them. */
function rowEntries(row: string): string[] {
	return row.split(` ${symbols.arrow}`).map(entry => entry.trim()).filter(Boolean);
}

/** A timeline's rows: each starts with an entry (never the arrow or a space), every entry is whole, and each row but the last ends with the arrow. */
function assertTimelineRows(rows: string[], entries: string[], screen: string) {
	assert.ok(rows.length > 1, `wrapped:\n${screen}`);
	for (const [index, row] of rows.entries()) {
		assert.match(row, /^\S/, `no space before the row:\n${screen}`);
		assert.ok(!row.startsWith(symbols.arrow), `the row starts with an entry, not the arrow:\n${screen}`);
		if (index < rows.length - 1) {
			assert.ok(row.trimEnd().endsWith(symbols.arrow), `the arrow ends the row it follows:\n${screen}`);
		}
	}

	assert.deepEqual(rows.flatMap(row => rowEntries(row)), entries, `each entry whole on one row:\n${screen}`);
}

for (const width of [80, 60]) {
	test(`job panel at ${width} columns: a wrapped timeline continues with a status, the arrow staying at the end of the row before`, () => {
		const view = jobEvery(1);
		const ui = renderUi(<Box width={width}><JobPanel view={view} now={start + 8000} startedAt={start} logLines={5} width={width}/></Box>);
		const screen = ui.screen();
		const rows = screen.split('\n');
		assertTimelineRows(rows.slice(0, rows.findIndex(row => row.startsWith('Elapsed'))), statusEntries(view, start), screen);
		ui.unmount();
	});

	test(`the history at ${width} columns: a finished job's timeline continues under its text with a status, in plain spaces`, () => {
		// At these times a plain space each side of the arrow let the arrow begin a row at both widths.
		const entries = statusEntries(jobEvery(3), start);
		const ui = renderUi(<FinishedSteps history={[{id: 0, step: 'build', ok: true, headline: 'built x.sif', details: [`job XH5ixp submitted: ${timelineText(entries)}`]}]} width={width}/>);
		const screen = ui.screen();
		assert.ok(!screen.includes('\u00A0'), 'no non-breaking space reaches the terminal');
		const rows = screen.split('\n').slice(1).filter(row => row.trim() !== '');
		for (const row of rows) {
			assert.match(row, /^ {4}\S/, `under the text, 4 columns in:\n${screen}`);
		}

		assertTimelineRows(rows.map(row => row.slice(4)).map((row, index) => (index === 0 ? row.replace(/^job XH5ixp submitted: /, '') : row)), entries, screen);
		ui.unmount();
	});

	test(`a paragraph at ${width} columns whose first row fills the width: the next row starts with the word, not a space`, () => {
		const ui = renderUi(<Box width={width}><Paragraph>{`${'a'.repeat(width - 5)} fill next row`}</Paragraph></Box>);
		assert.deepEqual(ui.screen().split('\n'), [`${'a'.repeat(width - 5)} fill`, 'next row']);
		ui.unmount();
	});

	test(`a successful run at ${width} columns: the wrapped outcome's next row starts at the edge (it read " Output files:")`, () => {
		const result = {
			job: 'XH5ixp',
			final: {status: 'Completed', statusReason: 'Completed successfully'},
			outputs: [{id: 'f1', name: 'metrics.csv', relativePath: 'outputs/metrics.csv', decryptedSize: 151}],
			downloaded: [],
			outcome: {succeeded: true, exitCode: 0, summary: 'The command exited with code 0.', cause: undefined, logTail: [], nodeGpus: []},
		} as unknown as RunResult;
		const ui = renderUi(<Box width={width} flexDirection="column"><RunOutcome result={result} logLines={5} width={width}/></Box>);
		const rows = ui.screen().split('\n');
		assert.match(rows[0]!, /^. Job XH5ixp Completed \(Completed successfully\), the command/);
		assert.match(rows[1]!, /^\S/, `no space before the continuation:\n${ui.screen()}`);
		assert.ok(rows.includes('  outputs/metrics.csv  151 B'), 'the file list keeps its own indent');
		ui.unmount();
	});
}

test('step 3 at 80 columns: the prompt wraps without a stray space (it read " a key:")', async () => {
	const services = await testServices({settings: {platform: 'https://platform.rescale.com', platformChosen: true, keys: [], project: undefined}});
	const ui = renderUi(<Box width={80} flexDirection="column"><KeyStep services={services} onConnected={() => undefined} onBack={() => undefined} onQuit={() => undefined}/></Box>);
	await ui.waitFor('Enter a Rescale API key');
	const screen = ui.screen();
	for (const row of screen.split('\n').filter(row => row.trim() !== '')) {
		// A row is flush left, or a choice (and its continuation) two columns in, after the pointer's place.
		assert.match(row, /^(?:\S| {2}\S)/, `no stray space:\n${screen}`);
	}

	ui.unmount();
});
