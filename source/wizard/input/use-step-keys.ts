import {useStdin} from 'ink';
import {useEffect, useMemo, useRef} from 'react';
import {wizardReducer, type WizardAction, type WizardState} from '../machine.js';
import type {KeyGate} from './use-keys.js';

/**
 * Keys typed ahead reach the step they were typed for. The reducer is pure, so a dispatch can tell
 * at once whether it moves the wizard to another step: the rest of the chunk is then held, as are
 * keys typed while a step's code loads, and handed on once the new step is on the screen and
 * listening (this effect runs after the step's own, which register its keys).
 */
export function useStepKeys(state: WizardState, dispatchNow: (action: WizardAction) => void, loading: boolean): {dispatch: (action: WizardAction) => void; keyGate: KeyGate} {
	// Ink hands each input to every key map through this emitter; handing held keys on through it
	// reaches the new step's lists (ink-select-input listens to Ink itself) as well as its key map.
	const {internal_eventEmitter: inputs} = useStdin();
	const ahead = useRef(state);
	ahead.current = state;
	const moved = useRef(false);
	const waiting = useRef(loading);
	waiting.current = loading;
	const held = useRef<string[]>([]);
	const {step} = state;
	const keyGate = useMemo<KeyGate>(() => ({
		isHolding: () => moved.current || waiting.current,
		hold(raw) {
			held.current.push(raw);
		},
	}), []);
	const dispatch = (action: WizardAction) => {
		const next = wizardReducer(ahead.current, action);
		moved.current ||= next.step !== ahead.current.step;
		ahead.current = next;
		dispatchNow(action);
	};

	useEffect(() => {
		if (!loading) {
			return;
		}

		// Ctrl-C is the wizard's own key, handled as it comes.
		const hold = (raw: string) => {
			if (raw !== '\u0003') {
				held.current.push(raw);
			}
		};

		inputs.on('input', hold);
		return () => {
			inputs.off('input', hold);
		};
	}, [loading, inputs]);

	useEffect(() => {
		moved.current = false;
		if (loading || held.current.length === 0) {
			return;
		}

		const keys = held.current;
		held.current = [];
		// Where jobs are submitted, only keys typed with the screen in view count: typed ahead,
		// Enter would pay for a build or a run the user has not seen.
		if (step === 'build' || step === 'run') {
			return;
		}

		// Plain text goes on as one input, so a key map takes its keys one by one and holds again
		// what follows a key that moves on; an escape sequence (an arrow) is an input of its own.
		for (const raw of keys.join('').split(/(\u001B(?:\[[\d;]*[A-Za-z~]|O[A-Za-z]|.)?)/u).filter(Boolean)) {
			inputs.emit('input', raw);
		}
	}, [step, loading, inputs]);

	return {dispatch, keyGate};
}
