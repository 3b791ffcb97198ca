/**
 * Server actions are public endpoints, and their arguments are whatever the client posts: React
 * sends the form as a FormData, but a hand-made request can send any JSON in its place (`{}`,
 * `null`). An action that reads a form checks it got one first, and then answers like a form
 * that was not filled in, rather than throwing (a 500 and a stack trace in the log).
 */
export const isFormData = (value: unknown): value is FormData => value instanceof FormData;

export const NOT_A_FORM_MESSAGE = "This action takes the form on its page. Reload the page and try again.";
