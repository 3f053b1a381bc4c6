/** Sizes as people read them: 1024-based, one decimal above bytes. */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * How long ago a platform date was, as people say it (`just now`, `5 min ago`, `3 h ago`), or its
 * day in local time when older than a day. A platform date's own zone (UTC, or Rescale's -07:00)
 * would read as the wrong hour to the user; a date that cannot be read, or one ahead of this
 * machine's clock, is said as it is.
 */
export function formatAge(date: string | undefined, now = Date.now()): string {
	const time = date === undefined ? Number.NaN : Date.parse(date);
	if (Number.isNaN(time)) {
		return date ?? 'at an unknown time';
	}

	const minutes = Math.floor((now - time) / 60_000);
	if (minutes < -1) {
		return `at ${date}`;
	}

	if (minutes < 1) {
		return 'just now';
	}

	if (minutes < 60) {
		return `${minutes} min ago`;
	}

	if (minutes < 24 * 60) {
		return `${Math.floor(minutes / 60)} h ago`;
	}

	const day = new Date(time);
	return `on ${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}
