import {useLayoutEffect, useRef} from 'react';

/** A ref that always holds the latest value: callbacks from props, read inside effects that must not re-run for them. */
export function useLatest<T>(value: T) {
	const ref = useRef(value);
	useLayoutEffect(() => {
		ref.current = value;
	});
	return ref;
}
