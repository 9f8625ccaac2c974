import { describe, expect, it } from 'vitest';
import { ApiError, describeError } from './error';
import { errorFromText } from './http';

describe('errorFromText', () => {
  it('reads the API error envelope', () => {
    const error = errorFromText('{"error": {"kind": "auth", "message": "Wrong password for user ferry"}}', 401);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'auth', message: 'Wrong password for user ferry', status: 401 });
    expect(describeError(error)).toEqual({ title: 'Authentication failed', message: 'Wrong password for user ferry' });
  });

  it('falls back to the status line for bodies that are not the envelope', () => {
    expect(errorFromText('<html>Bad Gateway</html>', 502, 'Bad Gateway')).toMatchObject({
      kind: 'server',
      message: 'HTTP 502: a proxy answered because the Ferry server behind it did not (is it running?).',
    });
    expect(errorFromText('<html><h1>413 Request Entity Too Large</h1></html>', 413)).toMatchObject({
      message: 'HTTP 413: the request is larger than the server, or a proxy in front of it, accepts.',
    });
    expect(errorFromText('<html>I am a teapot</html>', 418)).toMatchObject({ message: 'HTTP 418: <html>I am a teapot</html>' });
    expect(errorFromText('', 404, 'Not Found')).toMatchObject({ kind: 'http', message: 'HTTP 404: Not Found' });
    expect(errorFromText('{"oops": 1}', 400)).toMatchObject({ kind: 'http', message: 'HTTP 400: {"oops": 1}' });
  });
});

describe('describeError', () => {
  it('titles known kinds and anything else', () => {
    expect(describeError(new ApiError('data', 'line 3, column n: cannot parse', 422)).title).toBe('Invalid data');
    expect(describeError(new ApiError('something-new', 'm', 500)).title).toBe('Error');
    expect(describeError(new Error('boom'))).toEqual({ title: 'Error', message: 'boom' });
    expect(describeError('plain')).toEqual({ title: 'Error', message: 'plain' });
  });
});

describe('readable server text', () => {
  it('turns literal escape sequences into spaces', async () => {
    const { readableMessage } = await import('./error');
    expect(readableMessage('Port 9000 is for clickhouse-client program.\\r\\nYou must use port 8123 for HTTP.\\n')).toBe(
      'Port 9000 is for clickhouse-client program. You must use port 8123 for HTTP.',
    );
    expect(readableMessage('two\nlines\r\n')).toBe('two lines');
  });

  it('keeps the whole error object, e.g. the previous job of a 409', () => {
    const error = errorFromText('{"error": {"kind": "conflict", "message": "m", "previous_job": {"id": "p"}}}', 409);
    expect(error.body?.previous_job).toEqual({ id: 'p' });
  });
});
