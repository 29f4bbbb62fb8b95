/**
 * The harness's stand-in for the desktop app's preload: `window.casebook` over HTTP. Playwright adds
 * it to each page before the app's scripts run (page.addInitScript), so the token never travels in
 * a URL or a served file: it is sent only in the x-casebook-token header, progress events included
 * (read from a fetch stream, since EventSource cannot send headers).
 */
export const harnessClientScript = (token: string): string => `
(() => {
  const token = ${JSON.stringify(token)};
  const headers = { 'x-casebook-token': token };
  const listeners = new Set();
  let started = false;
  const ensureEvents = () => {
    if (started) return;
    started = true;
    void (async () => {
      const res = await fetch('/__harness/events', { headers });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\\n\\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: progress') && data) {
            const p = JSON.parse(data.slice(6));
            for (const l of listeners) l(p);
          }
        }
      }
    })();
  };
  window.casebook = Object.freeze({
    invoke: async (channel, input) => {
      const res = await fetch('/__harness/invoke/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(input === undefined ? {} : input),
      });
      return res.json();
    },
    on: (event, listener) => {
      if (event !== 'progress') return () => {};
      ensureEvents();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
})();
`;
