import type { Centers } from '../../core/ports/centers';
import type { Doctors } from '../../core/ports/doctors';
import type { Patients } from '../../core/ports/patients';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import type { Users } from '../../core/ports/users';

/** What each admin port contract suite needs: a fresh, empty set of repositories. */
export interface AdminRepositories {
  users: Users;
  doctors: Doctors;
  patients: Patients;
  centers: Centers;
  uow: UnitOfWork;
  close?: () => void;
}

export type AdminRepositoriesFactory = () => AdminRepositories;

export const page = (n = 1, size = 20) => ({ page: n, pageSize: size });
