/** The public portal's enhancements; every page works without them. */
export {};
// touch
