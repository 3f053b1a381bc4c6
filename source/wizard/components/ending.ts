import {createContext} from 'react';

/**
 * True once the wizard is ending (the user quit, or the run finished). The frame Ink leaves above
 * the shell prompt is then a record of what happened: nothing in it may offer keys (hints, a
 * field's cursor) that no longer do anything.
 */
export const EndingContext = createContext(false);
