import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthzError, canCreateReaderAt, canEditReader, canOpenAccountPage, canReadOutbox, requireReader, requireStaff, type ReaderPrincipal, type StaffPrincipal } from './accounts.js';

const reader: ReaderPrincipal = { kind: 'reader', readerId: 1, cardNumber: '2900100000017', firstName: 'Camille', lastName: 'Martin', language: 'fr', categoryCode: 'ADULTE', homeLibraryId: 1, mustChangePassword: false };
const librarian: StaffPrincipal = { kind: 'staff', staffId: 1, login: 'biblio.centre', name: 'Isabelle', role: 'librarian', libraryIds: [1], mustChangePassword: false };
const admin: StaffPrincipal = { ...librarian, staffId: 2, role: 'admin', libraryIds: [] };

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'allowed';
  } catch (e) {
    return e instanceof AuthzError ? e.code : 'other';
  }
};

describe('account authorisation', () => {
  it('keeps a reader who must change their password on "Modifier le mot de passe" (and sign-out)', () => {
    const first = { ...reader, mustChangePassword: true };
    assert.deepEqual(
      (['change-password', 'sign-out', 'summary', 'profile', 'devices', 'fees', 'loans'] as const).map((p) => canOpenAccountPage(first, p)),
      [true, true, false, false, false, false, false],
    );
    assert.equal(code(() => requireReader(first)), 'PASSWORD_CHANGE_REQUIRED');
    assert.equal(canOpenAccountPage(reader, 'profile'), true);
  });
  it('tells readers and staff apart', () => {
    assert.equal(code(() => requireReader(null)), 'SIGN_IN_REQUIRED');
    assert.equal(code(() => requireReader(librarian)), 'FORBIDDEN');
    assert.equal(code(() => requireStaff(reader)), 'FORBIDDEN');
    assert.equal(code(() => requireStaff({ ...librarian, mustChangePassword: true })), 'PASSWORD_CHANGE_REQUIRED');
    assert.equal(code(() => requireStaff(librarian)), 'allowed');
  });
  it("lets a librarian create and edit readers of their libraries only; an administrator everywhere", () => {
    assert.equal(canCreateReaderAt(librarian, 1), true);
    assert.equal(canCreateReaderAt(librarian, 2), false);
    assert.equal(canEditReader(librarian, { homeLibraryId: 1 }), true);
    assert.equal(canEditReader(librarian, { homeLibraryId: 2 }), false);
    assert.equal(canEditReader(librarian, { homeLibraryId: 1 }, 2), false, 'cannot move a reader to a library not theirs');
    assert.equal(canEditReader(admin, { homeLibraryId: 2 }, 3), true);
  });
  it('keeps the outbox (reset links) to network administrators', () => {
    assert.equal(canReadOutbox(librarian), false);
    assert.equal(canReadOutbox(admin), true);
  });
});
