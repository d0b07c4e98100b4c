import type { CenterCard, DoctorCard, PatientCard } from '../../core/ports/directory';

/** Directory records as the admin service would report them: aDoctor().withId(3).inactive().build(). */
class DoctorCardBuilder {
  private card: DoctorCard = { id: 1, nombre: 'Dra. Ana Ruiz', especialidad: 'Ortodoncia', activo: true };
  withId(id: number): this {
    this.card.id = id;
    return this;
  }
  named(nombre: string): this {
    this.card.nombre = nombre;
    return this;
  }
  withSpecialty(especialidad: string): this {
    this.card.especialidad = especialidad;
    return this;
  }
  inactive(): this {
    this.card.activo = false;
    return this;
  }
  build(): DoctorCard {
    return { ...this.card };
  }
}

class PatientCardBuilder {
  private card: PatientCard = { id: 1, nombre: 'Luis Pérez', estado: 'ACTIVO' };
  withId(id: number): this {
    this.card.id = id;
    return this;
  }
  named(nombre: string): this {
    this.card.nombre = nombre;
    return this;
  }
  inactive(): this {
    this.card.estado = 'INACTIVO';
    return this;
  }
  build(): PatientCard {
    return { ...this.card };
  }
}

class CenterCardBuilder {
  private card: CenterCard = { id: 1, nombre: 'Clínica Centro', activo: true };
  withId(id: number): this {
    this.card.id = id;
    return this;
  }
  named(nombre: string): this {
    this.card.nombre = nombre;
    return this;
  }
  inactive(): this {
    this.card.activo = false;
    return this;
  }
  build(): CenterCard {
    return { ...this.card };
  }
}

export const aDoctor = (): DoctorCardBuilder => new DoctorCardBuilder();
export const aPatient = (): PatientCardBuilder => new PatientCardBuilder();
export const aCenter = (): CenterCardBuilder => new CenterCardBuilder();
