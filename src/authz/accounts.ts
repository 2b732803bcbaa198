// Who may do what with accounts, in one module (DESIGN.md 3): services call these checks, and pages use the
// same answers to decide which links and buttons to show. A reader acts only on their own data: reader-facing
// services take the signed-in principal, never a reader id from the request.

export interface ReaderPrincipal {
  kind: 'reader';
  readerId: number;
  cardNumber: string;
  firstName: string;
  lastName: string;
  language: 'fr' | 'en';
  categoryCode: string;
  homeLibraryId: number;
  mustChangePassword: boolean;
}

export interface StaffPrincipal {
  kind: 'staff';
  staffId: number;
  login: string;
  name: string;
  role: 'librarian' | 'admin';
  /** the libraries a librarian works for (an administrator: all, whatever this list says) */
  libraryIds: number[];
  mustChangePassword: boolean;
}

export type Principal = ReaderPrincipal | StaffPrincipal;

export type AuthzCode = 'SIGN_IN_REQUIRED' | 'PASSWORD_CHANGE_REQUIRED' | 'FORBIDDEN' | 'NOT_FOUND';

/** Thrown by services when the principal may not act; pages map it (sign-in redirect, "Modifier le mot de passe", 403, 404). */
export class AuthzError extends Error {
  constructor(readonly code: AuthzCode) {
    super(code);
    this.name = 'AuthzError';
  }
}

/** Reader account pages. */
export type AccountPage = 'change-password' | 'sign-out' | 'summary' | 'profile' | 'devices' | 'fees' | 'loans' | 'holds' | 'lists';

/**
 * After signing in with an initial or staff-set password, a reader (or staff member) can reach only
 * "Modifier le mot de passe" and "Se déconnecter" until the password is changed.
 */
export function canOpenAccountPage(p: Principal, page: AccountPage): boolean {
  if (p.mustChangePassword) return page === 'change-password' || page === 'sign-out';
  return p.kind === 'reader' || page === 'change-password' || page === 'sign-out' || page === 'devices';
}

/** The signed-in reader, allowed past the password-change gate; throws otherwise. */
export function requireReader(p: Principal | null | undefined): ReaderPrincipal {
  if (!p) throw new AuthzError('SIGN_IN_REQUIRED');
  if (p.kind !== 'reader') throw new AuthzError('FORBIDDEN');
  if (p.mustChangePassword) throw new AuthzError('PASSWORD_CHANGE_REQUIRED');
  return p;
}

/** A signed-in staff member, allowed past the password-change gate; throws otherwise. */
export function requireStaff(p: Principal | null | undefined): StaffPrincipal {
  if (!p) throw new AuthzError('SIGN_IN_REQUIRED');
  if (p.kind !== 'staff') throw new AuthzError('FORBIDDEN');
  if (p.mustChangePassword) throw new AuthzError('PASSWORD_CHANGE_REQUIRED');
  return p;
}

export function worksAt(s: StaffPrincipal, libraryId: number): boolean {
  return s.role === 'admin' || s.libraryIds.includes(libraryId);
}

/** Any staff member looks readers up: a reader of one library borrows and returns at every desk of the network. */
export function canViewReader(s: StaffPrincipal): boolean {
  return s.role === 'admin' || s.role === 'librarian';
}

/** Creating a reader: at one of the librarian's libraries (an administrator: anywhere). */
export function canCreateReaderAt(s: StaffPrincipal, homeLibraryId: number): boolean {
  return worksAt(s, homeLibraryId);
}

/**
 * Editing a reader or resetting their password: the reader's home library is one of the librarian's; moving
 * the reader to another library also needs that library to be one of theirs (an administrator: any).
 */
export function canEditReader(s: StaffPrincipal, reader: { homeLibraryId: number }, newHomeLibraryId?: number): boolean {
  return worksAt(s, reader.homeLibraryId) && (newHomeLibraryId === undefined || worksAt(s, newHomeLibraryId));
}

/** Fees (card replacement, lost or damaged document) and payments are desk work: any staff member, any reader. */
export function canManageFees(s: StaffPrincipal): boolean {
  return s.role === 'admin' || s.role === 'librarian';
}

/**
 * The email outbox holds password-reset links, which open readers' accounts: network administrators only.
 */
export function canReadOutbox(s: StaffPrincipal): boolean {
  return s.role === 'admin';
}

/** Circulation rules and calendars are the network's: administrators only (librarians read them). */
export function canEditCirculationRules(s: StaffPrincipal): boolean {
  return s.role === 'admin';
}

/** Which notices readers get, when, and their wording are the network's: administrators only. */
export function canEditNoticeSettings(s: StaffPrincipal): boolean {
  return s.role === 'admin';
}

/**
 * Background jobs are the network's (outbox delivery, notices, hold expiry): their failures, with errors that
 * may name files and servers, and "Relancer" are for network administrators only.
 */
export function canManageJobs(s: StaffPrincipal): boolean {
  return s.role === 'admin';
}

/** Throws NOT_FOUND rather than FORBIDDEN where saying "forbidden" would confirm that the thing exists. */
export function ensure(allowed: boolean, code: AuthzCode = 'FORBIDDEN'): void {
  if (!allowed) throw new AuthzError(code);
}
