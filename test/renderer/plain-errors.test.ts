import { describe, expect, it } from 'vitest';
import { fieldLabel, plainError } from '../../renderer/src/plainErrors.ts';

describe('errors in plain words', () => {
  it('names fields as on screen and counts items from 1', () => {
    expect(fieldLabel('tags.2')).toBe('Tags, item 3');
    expect(fieldLabel('patch.payeeName')).toBe('Payee');
    expect(fieldLabel('indicators.0')).toBe('Indicators, item 1');
    expect(fieldLabel('NA-03')).toBe('NA-03');
  });
  it('drops operation names and says each problem once', () => {
    const one = plainError({ code: 'invalid_input', message: 'Invalid input for decisions.add: rationale is required.', issues: [{ path: 'rationale', message: 'is required' }] });
    expect(one).toEqual({ message: 'Rationale: is required.', issues: [] });
    const many = plainError({ code: 'invalid_input', message: 'Invalid input for cases.create: tags.2 …', issues: [{ path: 'tags.2', message: 'is too long' }, { path: 'title', message: 'is required' }, { path: 'title', message: 'is required' }] });
    expect(many.message).not.toMatch(/cases\.create|tags\.2/);
    expect(many.issues).toEqual(['Tags, item 3: is too long', 'Title: is required']);
    expect(plainError({ code: 'forbidden', message: 'Sign in first: session.signIn' }).message).toBe('Sign in first');
    expect(plainError({ code: 'invalid_input', message: 'alt.csv line 4: bad ent_num' }).message).toBe('alt.csv line 4: bad ent_num');
  });
});
