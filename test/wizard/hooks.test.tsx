import assert from 'node:assert/strict';
import {afterEach, beforeEach, mock, test} from 'node:test';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {act} from 'react';
import {useNow} from '../../source/wizard/hooks.js';

(globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean}).IS_REACT_ACT_ENVIRONMENT = true;

/** Every render of an elapsed-time display, with the time it showed. */
function clockRenders(active = true) {
	const shown: number[] = [];
	function Clock({event, active}: {event: number; active: boolean}) {
		const now = useNow(active);
		shown.push(now);
		return <Text>{`event ${event}, ${now} ms`}</Text>;
	}

	let instance!: ReturnType<typeof render>;
	act(() => {
		instance = render(<Clock event={0} active={active}/>);
	});
	return {
		shown,
		/** A pipeline event: the display renders for something other than its clock. */
		event(event: number, stillActive = active) {
			act(() => {
				instance.rerender(<Clock event={event} active={stillActive}/>);
			});
		},
		unmount() {
			act(() => {
				instance.unmount();
			});
		},
	};
}

function pass(milliseconds: number) {
	act(() => {
		mock.timers.tick(milliseconds);
	});
}

beforeEach(() => {
	mock.timers.enable({apis: ['setTimeout', 'setInterval', 'Date'], now: 0});
});

afterEach(() => {
	mock.timers.reset();
});

test('alone, the clock moves once a second', () => {
	const clock = clockRenders();
	pass(1000);
	pass(1000);
	pass(1000);
	assert.deepEqual(clock.shown, [0, 1000, 2000, 3000]);
	clock.unmount();
});

test('while events keep a job panel busy, each render shows the current time and no redraw is spent on the clock', () => {
	const clock = clockRenders();
	for (let event = 1; event <= 6; event++) {
		pass(600);
		clock.event(event);
	}

	assert.deepEqual(clock.shown, [0, 600, 1200, 1800, 2400, 3000, 3600]);
	// Once the events stop, the clock takes over a second after the last one.
	pass(999);
	assert.equal(clock.shown.length, 7);
	pass(1);
	assert.deepEqual(clock.shown.slice(7), [4600]);
	clock.unmount();
});


test('a screen that shows no elapsed time (a plan, a confirmation, a finished job) is not redrawn by the clock', () => {
	const clock = clockRenders(false);
	pass(5000);
	assert.deepEqual(clock.shown, [0]);
	// The job starts: from then on the clock moves.
	clock.event(1, true);
	pass(1000);
	pass(1000);
	assert.deepEqual(clock.shown, [0, 5000, 6000, 7000]);
	// It ends: the last render stays, with no further ticks.
	clock.event(2, false);
	pass(10_000);
	assert.deepEqual(clock.shown, [0, 5000, 6000, 7000, 7000]);
	clock.unmount();
});
