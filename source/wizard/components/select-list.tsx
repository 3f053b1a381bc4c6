import {Box, Text, useInput} from 'ink';
import {useEffect, useReducer} from 'react';
import {useLatest} from '../use-latest.js';

export type SelectItem<T> = {label: string; value: T; hint?: string};

type State = {index: number; chosen: number | undefined};
type Action = {type: 'move'; by: number; count: number} | {type: 'choose'};

function reducer(state: State, action: Action): State {
	if (action.type === 'move') {
		return {...state, index: (state.index + action.by + action.count) % action.count};
	}

	return {...state, chosen: state.index};
}

/**
 * A list to pick from with ↑/↓ and Enter. Keys go through a reducer, so keys that arrive in one
 * chunk (Down+Enter from tmux or a fast typist) still pick the item they mean.
 */
export function SelectList<T>({items, onSelect, initialIndex = 0, isActive = true}: {items: Array<SelectItem<T>>; onSelect: (value: T) => void; initialIndex?: number; isActive?: boolean}) {
	const [state, dispatch] = useReducer(reducer, {index: Math.min(initialIndex, Math.max(0, items.length - 1)), chosen: undefined});
	useInput((_input, key) => {
		if (key.upArrow) {
			dispatch({type: 'move', by: -1, count: items.length});
		} else if (key.downArrow) {
			dispatch({type: 'move', by: 1, count: items.length});
		} else if (key.return) {
			dispatch({type: 'choose'});
		}
	}, {isActive: isActive && items.length > 0});
	// The choice is reported once, after the reducer has taken every key of the chunk.
	const latest = useLatest({items, onSelect});
	useEffect(() => {
		const chosen = state.chosen === undefined ? undefined : latest.current.items[state.chosen];
		if (chosen) {
			latest.current.onSelect(chosen.value);
		}
	}, [state.chosen, latest]);

	return (
		<Box flexDirection="column">
			{items.map((item, index) => (
				<Text key={item.label} color={index === state.index ? 'cyan' : undefined} wrap="truncate">
					{index === state.index ? '❯ ' : '  '}
					{item.label}
					{item.hint ? <Text dimColor>{`  ${item.hint}`}</Text> : null}
				</Text>
			))}
		</Box>
	);
}
