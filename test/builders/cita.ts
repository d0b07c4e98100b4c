import type { NewCita } from '../../core/domain/appointment';

/** A stored-cita row for repository tests: aCita().forDoctor(2).at('2026-03-30T08:00:00Z').build(). */
class CitaBuilder {
  private cita: NewCita = {
    inicio: new Date('2026-03-30T08:00:00Z'),
    duracionMin: 30,
    motivo: 'Revisión',
    estado: 'Programada',
    idPaciente: 1,
    idDoctor: 1,
    idCentro: 1,
    idUserRegistrado: 1,
  };
  at(inicio: string | Date): this {
    this.cita.inicio = new Date(inicio);
    return this;
  }
  lasting(duracionMin: number): this {
    this.cita.duracionMin = duracionMin;
    return this;
  }
  forDoctor(idDoctor: number): this {
    this.cita.idDoctor = idDoctor;
    return this;
  }
  forPatient(idPaciente: number): this {
    this.cita.idPaciente = idPaciente;
    return this;
  }
  atCenter(idCentro: number): this {
    this.cita.idCentro = idCentro;
    return this;
  }
  withEstado(estado: NewCita['estado']): this {
    this.cita.estado = estado;
    return this;
  }
  withMotivo(motivo: string): this {
    this.cita.motivo = motivo;
    return this;
  }
  build(): NewCita {
    return { ...this.cita, inicio: new Date(this.cita.inicio) };
  }
}

export const aCita = (): CitaBuilder => new CitaBuilder();
