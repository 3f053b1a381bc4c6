import assert from 'node:assert/strict';
import {test} from 'node:test';
import {act, useState} from 'react';
import {SelectList} from '../../source/wizard/components/select-list.js';
import {keys, renderUi} from '../helpers/ui.js';

const three = ['newest.sif', 'middle.sif', 'oldest.sif'].map(label => ({label, value: label}));
const ten = Array.from({length: 10}, (_, index) => ({label: `image-${index}.sif`, value: index}));

function pickFrom<T>(items: Array<{label: string; value: T}>, limit?: number) {
	const picked: T[] = [];
	const ui = renderUi(<SelectList items={items} limit={limit} onSelect={value => picked.push(value)}/>);
	const highlighted = () => /❯ (\S+)/.exec(ui.screen())?.[1];
	return {ui, picked, highlighted};
}

test('Up on the first item stays there, even when Up Up Enter arrive in one chunk: a presenter never lands on the oldest image', async () => {
	const {ui, picked, highlighted} = pickFrom(three);
	await ui.press(keys.up);
	assert.equal(highlighted(), 'newest.sif');
	await ui.press(`${keys.up}${keys.up}${keys.enter}`);
	assert.deepEqual(picked, ['newest.sif']);
	assert.equal(highlighted(), 'newest.sif');
	ui.unmount();
});

test('Down on the last item stays there: Down ten times and Enter picks the last of three', async () => {
	const {ui, picked, highlighted} = pickFrom(three);
	await ui.press(...Array.from({length: 10}, () => keys.down), keys.enter);
	assert.deepEqual(picked, ['oldest.sif']);
	assert.equal(highlighted(), 'oldest.sif');
	await ui.press(keys.down, keys.down, keys.enter);
	assert.deepEqual(picked, ['oldest.sif', 'oldest.sif']);
	ui.unmount();
});

test('j and k stop at the ends too', async () => {
	const {ui, picked} = pickFrom(three);
	await ui.press('j', 'j', 'j', 'j', keys.enter);
	await ui.press('k', 'k', 'k', 'k', 'k', keys.enter);
	assert.deepEqual(picked, ['oldest.sif', 'newest.sif']);
	ui.unmount();
});

test('a list longer than its limit scrolls without wrapping, and a digit picks the row it shows', async () => {
	const {ui, picked, highlighted} = pickFrom(ten, 3);
	await ui.press(keys.up);
	assert.deepEqual(ui.screen().split('\n').map(line => line.trim()), ['❯ image-0.sif', 'image-1.sif', 'image-2.sif'], 'Up at the top neither wraps nor rotates the window');
	await ui.press(keys.down, keys.down, keys.down, keys.down);
	assert.deepEqual(ui.screen().split('\n').map(line => line.trim()), ['image-2.sif', 'image-3.sif', '❯ image-4.sif']);
	await ui.press(keys.up, keys.up);
	assert.deepEqual(ui.screen().split('\n').map(line => line.trim()), ['❯ image-2.sif', 'image-3.sif', 'image-4.sif'], 'the window keeps its place while the highlight moves inside it');
	await ui.press('2');
	assert.deepEqual(picked, [3]);
	await ui.press(...Array.from({length: 20}, () => keys.down), keys.enter);
	assert.equal(highlighted(), 'image-9.sif');
	assert.deepEqual(ui.screen().split('\n').map(line => line.trim()), ['image-7.sif', 'image-8.sif', '❯ image-9.sif']);
	await ui.press('4');
	assert.deepEqual(picked, [3, 9], 'a digit beyond the shown rows picks nothing');
	ui.unmount();
});

/** Two questions asked one after the other in the same place, as step 5 asks them. */
function TwoQuestions({picked}: {picked: string[]}) {
	const [first, setFirst] = useState<string>();
	const items = (first ? ['6 cores', '12 cores', '24 cores'] : ['Aquamarine', 'Tourmaline', 'Sapphire']).map(label => ({label, value: label}));
	return (
		<SelectList
			items={items}
			onSelect={value => {
				picked.push(value);
				setFirst(value);
			}}
		/>
	);
}

test('the next list in the same place starts at its first item: Enter picks the row the pointer is on, not the row of the list before', async () => {
	const picked: string[] = [];
	const ui = renderUi(<TwoQuestions picked={picked}/>);
	await ui.press(keys.down);
	await ui.press(keys.enter);
	assert.deepEqual(picked, ['Tourmaline']);
	assert.match(ui.screen(), /❯ 6 cores/, ui.screen());
	await ui.press(keys.enter);
	assert.deepEqual(picked, ['Tourmaline', '6 cores']);
	ui.unmount();
});

test('arrows and Enter in one chunk (a fast typist, a key-repeat) move once per arrow: Down Down Enter picks the third item', async () => {
	const {ui, picked, highlighted} = pickFrom(three);
	await ui.press(`${keys.down}${keys.down}${keys.enter}`);
	assert.deepEqual(picked, ['oldest.sif']);
	assert.equal(highlighted(), 'oldest.sif');
	ui.unmount();
});

test('ten Downs and Enter in one chunk pick the last of three; Up Up Enter in one chunk at the top picks the first', async () => {
	const {ui, picked, highlighted} = pickFrom(three);
	await ui.press(`${keys.down.repeat(10)}${keys.enter}`);
	assert.deepEqual(picked, ['oldest.sif']);
	await ui.press(`${keys.up}${keys.enter}`);
	assert.deepEqual(picked, ['oldest.sif', 'middle.sif']);
	await ui.press(`${keys.up}${keys.up}${keys.up}${keys.enter}`);
	assert.deepEqual(picked, ['oldest.sif', 'middle.sif', 'newest.sif']);
	assert.equal(highlighted(), 'newest.sif');
	const fresh = pickFrom(three);
	await fresh.ui.press(`${keys.up}${keys.up}${keys.enter}`);
	assert.deepEqual(fresh.picked, ['newest.sif']);
	fresh.ui.unmount();
	ui.unmount();
});

test('j and k typed in one chunk move once each, and stop at the ends', async () => {
	const {ui, picked, highlighted} = pickFrom(ten, 3);
	await ui.press('jjjj');
	assert.equal(highlighted(), 'image-4.sif');
	await ui.press(`k${keys.enter}`);
	assert.deepEqual(picked, [3]);
	await ui.press(`${'j'.repeat(30)}${keys.enter}${'k'.repeat(30)}${keys.enter}`);
	assert.deepEqual(picked, [3, 9, 0]);
	ui.unmount();
});

/** The screen and the picks after `chunks`, each written to stdin in one piece. */
async function outcome(chunks: string[]) {
	const {ui, picked} = pickFrom(ten, 3);
	const screens = [];
	for (const chunk of chunks) {
		await ui.press(chunk);
		screens.push(ui.screen());
	}

	ui.unmount();
	return {screens, picked};
}

test('a scrolling list shows the same window and picks the same rows whether the keys come one by one or in one chunk', async () => {
	const moves = [keys.down, keys.up, 'j', 'k'];
	let seed = 7;
	const random = () => {
		seed = (seed * 48_271) % 2_147_483_647;
		return seed;
	};

	const sequences = [
		[...Array.from({length: 6}, () => keys.down), keys.up, keys.up, keys.up, keys.up],
		[...Array.from({length: 12}, () => keys.down), keys.up, keys.up, keys.up, keys.up, '2'],
		[keys.down, keys.down, keys.down, keys.down, keys.down, '1', keys.up, keys.enter],
		...Array.from({length: 6}, () => Array.from({length: 5 + (random() % 12)}, () => moves[random() % moves.length]!)),
	];
	for (const sequence of sequences) {
		const oneByOne = await outcome([...sequence, keys.enter]);
		const inOneChunk = await outcome([`${sequence.join('')}${keys.enter}`]);
		assert.equal(inOneChunk.screens.at(-1), oneByOne.screens.at(-1), JSON.stringify(sequence));
		assert.deepEqual(inOneChunk.picked, oneByOne.picked, JSON.stringify(sequence));
	}
});

/** A list whose room changes, as when the terminal is resized. */
function Resizable({resize}: {resize: {to?: (limit: number) => void}}) {
	const [limit, setLimit] = useState(5);
	resize.to = setLimit;
	return <SelectList items={ten} limit={limit} onSelect={() => undefined}/>;
}

test('after the terminal shrinks, Up moves the highlight inside the window it shows instead of scrolling it', async () => {
	const resize: {to?: (limit: number) => void} = {};
	const ui = renderUi(<Resizable resize={resize}/>);
	const lines = () => ui.screen().split('\n').map(line => line.trim());
	await ui.press(`${keys.down.repeat(4)}`);
	assert.deepEqual(lines(), ['image-0.sif', 'image-1.sif', 'image-2.sif', 'image-3.sif', '❯ image-4.sif']);
	await act(async () => {
		resize.to!(3);
	});
	assert.deepEqual(lines(), ['image-2.sif', 'image-3.sif', '❯ image-4.sif']);
	await ui.press(keys.up);
	assert.deepEqual(lines(), ['image-2.sif', '❯ image-3.sif', 'image-4.sif']);
	ui.unmount();
});
