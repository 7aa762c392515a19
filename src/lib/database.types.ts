export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  graphql_public: {
    Tables: {
      [_ in never]: never
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      graphql: {
        Args: {
          extensions?: Json
          operationName?: string
          query?: string
          variables?: Json
        }
        Returns: Json
      }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
  public: {
    Tables: {
      admin_actions: {
        Row: {
          action: string
          admin_id: string
          admin_name: string
          created_at: string
          details: NonNullable<Json>
          id: number
          reason: string | null
          target_id: string
        }
        Insert: {
          action: string
          admin_id: string
          admin_name: string
          created_at?: string
          details?: NonNullable<Json>
          id?: never
          reason?: string | null
          target_id: string
        }
        Update: {
          action?: string
          admin_id?: string
          admin_name?: string
          created_at?: string
          details?: NonNullable<Json>
          id?: never
          reason?: string | null
          target_id?: string
        }
        Relationships: []
      }
      appointment_notes: {
        Row: {
          appointment_id: string
          body: string
          created_at: string
          doctor_id: string
          updated_at: string
        }
        Insert: {
          appointment_id: string
          body: string
          created_at?: string
          doctor_id?: string
          updated_at?: string
        }
        Update: {
          appointment_id?: string
          body?: string
          created_at?: string
          doctor_id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "appointment_notes_appointment_id_fkey"
            columns: ["appointment_id"]
            isOneToOne: true
            referencedRelation: "appointments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "appointment_notes_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "appointment_notes_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
        ]
      }
      appointments: {
        Row: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        Insert: {
          call_answered_at?: string | null
          call_ended_at?: string | null
          call_started_at?: string | null
          call_started_by?: string | null
          cancellation_reason?: string | null
          cancelled_at?: string | null
          cancelled_by?: string | null
          confirmed_at?: string | null
          created_at?: string
          doctor_id: string
          ends_at: string
          id?: string
          idempotency_key?: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment?: string | null
          patient_id: string
          reason?: string | null
          rescheduled_from?: string | null
          starts_at: string
          status?: Database["public"]["Enums"]["appointment_status"]
          updated_at?: string
        }
        Update: {
          call_answered_at?: string | null
          call_ended_at?: string | null
          call_started_at?: string | null
          call_started_by?: string | null
          cancellation_reason?: string | null
          cancelled_at?: string | null
          cancelled_by?: string | null
          confirmed_at?: string | null
          created_at?: string
          doctor_id?: string
          ends_at?: string
          id?: string
          idempotency_key?: string | null
          mode?: Database["public"]["Enums"]["consultation_mode"]
          patient_comment?: string | null
          patient_id?: string
          reason?: string | null
          rescheduled_from?: string | null
          starts_at?: string
          status?: Database["public"]["Enums"]["appointment_status"]
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "appointments_call_started_by_fkey"
            columns: ["call_started_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "appointments_cancelled_by_fkey"
            columns: ["cancelled_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "appointments_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "appointments_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "appointments_patient_id_fkey"
            columns: ["patient_id"]
            isOneToOne: false
            referencedRelation: "patients"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "appointments_rescheduled_from_fkey"
            columns: ["rescheduled_from"]
            isOneToOne: true
            referencedRelation: "appointments"
            referencedColumns: ["id"]
          },
        ]
      }
      doctor_availability: {
        Row: {
          created_at: string
          doctor_id: string
          end_time: string
          id: number
          start_time: string
          weekday: number
        }
        Insert: {
          created_at?: string
          doctor_id?: string
          end_time: string
          id?: never
          start_time: string
          weekday: number
        }
        Update: {
          created_at?: string
          doctor_id?: string
          end_time?: string
          id?: never
          start_time?: string
          weekday?: number
        }
        Relationships: [
          {
            foreignKeyName: "doctor_availability_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "doctor_availability_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
        ]
      }
      doctor_availability_exceptions: {
        Row: {
          created_at: string
          date: string
          doctor_id: string
          end_time: string | null
          id: number
          kind: Database["public"]["Enums"]["availability_exception_kind"]
          note: string | null
          start_time: string | null
        }
        Insert: {
          created_at?: string
          date: string
          doctor_id?: string
          end_time?: string | null
          id?: never
          kind: Database["public"]["Enums"]["availability_exception_kind"]
          note?: string | null
          start_time?: string | null
        }
        Update: {
          created_at?: string
          date?: string
          doctor_id?: string
          end_time?: string | null
          id?: never
          kind?: Database["public"]["Enums"]["availability_exception_kind"]
          note?: string | null
          start_time?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "doctor_availability_exceptions_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "doctor_availability_exceptions_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
        ]
      }
      doctor_licences: {
        Row: {
          country: string
          created_at: string
          decided_at: string | null
          decision_reason: string | null
          doctor_id: string
          document_path: string
          issuing_authority: string
          registration_number: string
          submitted_at: string
          updated_at: string
          year_licensed: number
        }
        Insert: {
          country: string
          created_at?: string
          decided_at?: string | null
          decision_reason?: string | null
          doctor_id: string
          document_path: string
          issuing_authority: string
          registration_number: string
          submitted_at?: string
          updated_at?: string
          year_licensed: number
        }
        Update: {
          country?: string
          created_at?: string
          decided_at?: string | null
          decision_reason?: string | null
          doctor_id?: string
          document_path?: string
          issuing_authority?: string
          registration_number?: string
          submitted_at?: string
          updated_at?: string
          year_licensed?: number
        }
        Relationships: [
          {
            foreignKeyName: "doctor_licences_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: true
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "doctor_licences_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: true
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
        ]
      }
      doctor_next_slots: {
        Row: {
          computed_at: string
          doctor_id: string
          next_slot: string | null
        }
        Insert: {
          computed_at?: string
          doctor_id: string
          next_slot?: string | null
        }
        Update: {
          computed_at?: string
          doctor_id?: string
          next_slot?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "doctor_next_slots_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: true
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "doctor_next_slots_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: true
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
        ]
      }
      doctors: {
        Row: {
          about: string | null
          consultation_modes: Database["public"]["Enums"]["consultation_mode"][]
          created_at: string
          id: string
          is_active: boolean
          qualification: string | null
          rating_avg: number | null
          rating_count: number
          slot_minutes: number
          specialization: string | null
          time_zone: string
          updated_at: string
          verification_state: Database["public"]["Enums"]["verification_state"]
          verified_at: string | null
          verified_authority: string | null
          years_of_experience: number
        }
        Insert: {
          about?: string | null
          consultation_modes?: Database["public"]["Enums"]["consultation_mode"][]
          created_at?: string
          id: string
          is_active?: boolean
          qualification?: string | null
          rating_avg?: number | null
          rating_count?: number
          slot_minutes?: number
          specialization?: string | null
          time_zone?: string
          updated_at?: string
          verification_state?: Database["public"]["Enums"]["verification_state"]
          verified_at?: string | null
          verified_authority?: string | null
          years_of_experience?: number
        }
        Update: {
          about?: string | null
          consultation_modes?: Database["public"]["Enums"]["consultation_mode"][]
          created_at?: string
          id?: string
          is_active?: boolean
          qualification?: string | null
          rating_avg?: number | null
          rating_count?: number
          slot_minutes?: number
          specialization?: string | null
          time_zone?: string
          updated_at?: string
          verification_state?: Database["public"]["Enums"]["verification_state"]
          verified_at?: string | null
          verified_authority?: string | null
          years_of_experience?: number
        }
        Relationships: [
          {
            foreignKeyName: "doctors_id_fkey"
            columns: ["id"]
            isOneToOne: true
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "doctors_specialization_fkey"
            columns: ["specialization"]
            isOneToOne: false
            referencedRelation: "specializations"
            referencedColumns: ["slug"]
          },
        ]
      }
      document_shares: {
        Row: {
          created_at: string
          doctor_id: string
          document_id: string
        }
        Insert: {
          created_at?: string
          doctor_id: string
          document_id: string
        }
        Update: {
          created_at?: string
          doctor_id?: string
          document_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "document_shares_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "document_shares_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "document_shares_document_id_fkey"
            columns: ["document_id"]
            isOneToOne: false
            referencedRelation: "documents"
            referencedColumns: ["id"]
          },
        ]
      }
      documents: {
        Row: {
          appointment_id: string | null
          created_at: string
          id: string
          kind: string
          mime_type: string
          patient_id: string
          size_bytes: number
          storage_path: string
          title: string
          uploaded_by: string
        }
        Insert: {
          appointment_id?: string | null
          created_at?: string
          id?: string
          kind: string
          mime_type: string
          patient_id: string
          size_bytes: number
          storage_path: string
          title: string
          uploaded_by: string
        }
        Update: {
          appointment_id?: string | null
          created_at?: string
          id?: string
          kind?: string
          mime_type?: string
          patient_id?: string
          size_bytes?: number
          storage_path?: string
          title?: string
          uploaded_by?: string
        }
        Relationships: [
          {
            foreignKeyName: "documents_appointment_id_fkey"
            columns: ["appointment_id"]
            isOneToOne: false
            referencedRelation: "appointments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "documents_patient_id_fkey"
            columns: ["patient_id"]
            isOneToOne: false
            referencedRelation: "patients"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "documents_uploaded_by_fkey"
            columns: ["uploaded_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      messages: {
        Row: {
          body: string | null
          conversation_key: string
          created_at: string
          id: string
          image_path: string | null
          read_at: string | null
          receiver_id: string
          sender_id: string
        }
        Insert: {
          body?: string | null
          conversation_key?: never
          created_at?: string
          id?: string
          image_path?: string | null
          read_at?: string | null
          receiver_id: string
          sender_id?: string
        }
        Update: {
          body?: string | null
          conversation_key?: never
          created_at?: string
          id?: string
          image_path?: string | null
          read_at?: string | null
          receiver_id?: string
          sender_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "messages_receiver_id_fkey"
            columns: ["receiver_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "messages_sender_id_fkey"
            columns: ["sender_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      notification_preferences: {
        Row: {
          email: boolean
          in_app: boolean
          kind: Database["public"]["Enums"]["notification_kind"]
          push: boolean
          updated_at: string
          user_id: string
        }
        Insert: {
          email: boolean
          in_app: boolean
          kind: Database["public"]["Enums"]["notification_kind"]
          push: boolean
          updated_at?: string
          user_id: string
        }
        Update: {
          email?: boolean
          in_app?: boolean
          kind?: Database["public"]["Enums"]["notification_kind"]
          push?: boolean
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "notification_preferences_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      notifications: {
        Row: {
          actor_id: string | null
          appointment_id: string | null
          conversation_key: string | null
          created_at: string
          email_status: string | null
          id: string
          in_app: boolean
          kind: Database["public"]["Enums"]["notification_kind"]
          payload: NonNullable<Json>
          push: boolean
          read_at: string | null
          recipient_id: string
        }
        Insert: {
          actor_id?: string | null
          appointment_id?: string | null
          conversation_key?: string | null
          created_at?: string
          email_status?: string | null
          id?: string
          in_app?: boolean
          kind: Database["public"]["Enums"]["notification_kind"]
          payload?: NonNullable<Json>
          push?: boolean
          read_at?: string | null
          recipient_id: string
        }
        Update: {
          actor_id?: string | null
          appointment_id?: string | null
          conversation_key?: string | null
          created_at?: string
          email_status?: string | null
          id?: string
          in_app?: boolean
          kind?: Database["public"]["Enums"]["notification_kind"]
          payload?: NonNullable<Json>
          push?: boolean
          read_at?: string | null
          recipient_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "notifications_actor_id_fkey"
            columns: ["actor_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_appointment_id_fkey"
            columns: ["appointment_id"]
            isOneToOne: false
            referencedRelation: "appointments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_recipient_id_fkey"
            columns: ["recipient_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      patients: {
        Row: {
          allergies: string | null
          blood_group: Database["public"]["Enums"]["blood_group"] | null
          created_at: string
          date_of_birth: string | null
          emergency_contact_name: string | null
          emergency_contact_phone: string | null
          emergency_contact_relation: string | null
          gender: Database["public"]["Enums"]["gender"] | null
          id: string
          updated_at: string
        }
        Insert: {
          allergies?: string | null
          blood_group?: Database["public"]["Enums"]["blood_group"] | null
          created_at?: string
          date_of_birth?: string | null
          emergency_contact_name?: string | null
          emergency_contact_phone?: string | null
          emergency_contact_relation?: string | null
          gender?: Database["public"]["Enums"]["gender"] | null
          id: string
          updated_at?: string
        }
        Update: {
          allergies?: string | null
          blood_group?: Database["public"]["Enums"]["blood_group"] | null
          created_at?: string
          date_of_birth?: string | null
          emergency_contact_name?: string | null
          emergency_contact_phone?: string | null
          emergency_contact_relation?: string | null
          gender?: Database["public"]["Enums"]["gender"] | null
          id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "patients_id_fkey"
            columns: ["id"]
            isOneToOne: true
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      prescriptions: {
        Row: {
          appointment_id: string
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          code: string
          doctor_id: string
          dose: string
          duration_days: number
          form: string
          frequency: string
          id: string
          instructions: string | null
          issued_at: string
          medication: string
          patient_id: string
          prescriber_licence: string | null
          prescriber_name: string
          quantity: number
          strength: string
        }
        Insert: {
          appointment_id: string
          cancellation_reason?: string | null
          cancelled_at?: string | null
          cancelled_by?: string | null
          code: string
          doctor_id: string
          dose: string
          duration_days: number
          form: string
          frequency: string
          id?: string
          instructions?: string | null
          issued_at?: string
          medication: string
          patient_id: string
          prescriber_licence?: string | null
          prescriber_name: string
          quantity: number
          strength: string
        }
        Update: {
          appointment_id?: string
          cancellation_reason?: string | null
          cancelled_at?: string | null
          cancelled_by?: string | null
          code?: string
          doctor_id?: string
          dose?: string
          duration_days?: number
          form?: string
          frequency?: string
          id?: string
          instructions?: string | null
          issued_at?: string
          medication?: string
          patient_id?: string
          prescriber_licence?: string | null
          prescriber_name?: string
          quantity?: number
          strength?: string
        }
        Relationships: [
          {
            foreignKeyName: "prescriptions_appointment_id_fkey"
            columns: ["appointment_id"]
            isOneToOne: false
            referencedRelation: "appointments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "prescriptions_cancelled_by_fkey"
            columns: ["cancelled_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "prescriptions_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "prescriptions_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "prescriptions_patient_id_fkey"
            columns: ["patient_id"]
            isOneToOne: false
            referencedRelation: "patients"
            referencedColumns: ["id"]
          },
        ]
      }
      profiles: {
        Row: {
          avatar_path: string | null
          created_at: string
          full_name: string
          id: string
          phone: string | null
          role: Database["public"]["Enums"]["user_role"]
          updated_at: string
        }
        Insert: {
          avatar_path?: string | null
          created_at?: string
          full_name: string
          id: string
          phone?: string | null
          role: Database["public"]["Enums"]["user_role"]
          updated_at?: string
        }
        Update: {
          avatar_path?: string | null
          created_at?: string
          full_name?: string
          id?: string
          phone?: string | null
          role?: Database["public"]["Enums"]["user_role"]
          updated_at?: string
        }
        Relationships: []
      }
      reviews: {
        Row: {
          appointment_id: string
          comment: string | null
          created_at: string
          doctor_id: string
          id: string
          patient_id: string
          rating: number
          updated_at: string
        }
        Insert: {
          appointment_id: string
          comment?: string | null
          created_at?: string
          doctor_id: string
          id?: string
          patient_id: string
          rating: number
          updated_at?: string
        }
        Update: {
          appointment_id?: string
          comment?: string | null
          created_at?: string
          doctor_id?: string
          id?: string
          patient_id?: string
          rating?: number
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "reviews_appointment_id_fkey"
            columns: ["appointment_id"]
            isOneToOne: true
            referencedRelation: "appointments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "reviews_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "reviews_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "reviews_patient_id_fkey"
            columns: ["patient_id"]
            isOneToOne: false
            referencedRelation: "patients"
            referencedColumns: ["id"]
          },
        ]
      }
      specializations: {
        Row: {
          created_at: string
          description: string | null
          name: string
          slug: string
        }
        Insert: {
          created_at?: string
          description?: string | null
          name: string
          slug: string
        }
        Update: {
          created_at?: string
          description?: string | null
          name?: string
          slug?: string
        }
        Relationships: []
      }
      time_zone_names: {
        Row: {
          name: string
        }
        Insert: {
          name: string
        }
        Update: {
          name?: string
        }
        Relationships: []
      }
      visit_summary_drafts: {
        Row: {
          appointment_id: string
          assessment: string
          complaint: string
          created_at: string
          doctor_id: string
          findings: string
          follow_up: string
          plan: string
          updated_at: string
        }
        Insert: {
          appointment_id: string
          assessment?: string
          complaint?: string
          created_at?: string
          doctor_id: string
          findings?: string
          follow_up?: string
          plan?: string
          updated_at?: string
        }
        Update: {
          appointment_id?: string
          assessment?: string
          complaint?: string
          created_at?: string
          doctor_id?: string
          findings?: string
          follow_up?: string
          plan?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "visit_summary_drafts_appointment_id_fkey"
            columns: ["appointment_id"]
            isOneToOne: true
            referencedRelation: "appointments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "visit_summary_drafts_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "visit_summary_drafts_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
        ]
      }
      visit_summary_versions: {
        Row: {
          appointment_id: string
          assessment: string
          complaint: string
          doctor_id: string
          finalised_at: string
          findings: string
          follow_up: string
          id: string
          patient_id: string
          plan: string
          version: number
        }
        Insert: {
          appointment_id: string
          assessment: string
          complaint: string
          doctor_id: string
          finalised_at?: string
          findings: string
          follow_up: string
          id?: string
          patient_id: string
          plan: string
          version: number
        }
        Update: {
          appointment_id?: string
          assessment?: string
          complaint?: string
          doctor_id?: string
          finalised_at?: string
          findings?: string
          follow_up?: string
          id?: string
          patient_id?: string
          plan?: string
          version?: number
        }
        Relationships: [
          {
            foreignKeyName: "visit_summary_versions_appointment_id_fkey"
            columns: ["appointment_id"]
            isOneToOne: false
            referencedRelation: "appointments"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "visit_summary_versions_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctor_directory"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "visit_summary_versions_doctor_id_fkey"
            columns: ["doctor_id"]
            isOneToOne: false
            referencedRelation: "doctors"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "visit_summary_versions_patient_id_fkey"
            columns: ["patient_id"]
            isOneToOne: false
            referencedRelation: "patients"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      doctor_directory: {
        Row: {
          about: string | null
          avatar_path: string | null
          consultation_modes:
            | Database["public"]["Enums"]["consultation_mode"][]
            | null
          full_name: string | null
          id: string | null
          qualification: string | null
          rating_avg: number | null
          rating_count: number | null
          slot_minutes: number | null
          specialization: string | null
          specialization_name: string | null
          time_zone: string | null
          verified_at: string | null
          verified_authority: string | null
          years_of_experience: number | null
        }
        Relationships: [
          {
            foreignKeyName: "doctors_id_fkey"
            columns: ["id"]
            isOneToOne: true
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "doctors_specialization_fkey"
            columns: ["specialization"]
            isOneToOne: false
            referencedRelation: "specializations"
            referencedColumns: ["slug"]
          },
        ]
      }
    }
    Functions: {
      appointment_for_change: {
        Args: { allowed: string; appointment_id: string }
        Returns: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "appointments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      approve_doctor: {
        Args: { doctor_id: string; note?: string }
        Returns: {
          action: string
          admin_id: string
          admin_name: string
          created_at: string
          details: NonNullable<Json>
          id: number
          reason: string | null
          target_id: string
        }
        SetofOptions: {
          from: "*"
          to: "admin_actions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      available_slots: {
        Args: { doctor_id: string; range_end: string; range_start: string }
        Returns: {
          ends_at: string
          starts_at: string
        }[]
      }
      booking_horizon: { Args: Record<PropertyKey, never>; Returns: string }
      booking_min_notice: { Args: Record<PropertyKey, never>; Returns: string }
      call_closes_after: { Args: Record<PropertyKey, never>; Returns: string }
      call_opens_before: { Args: Record<PropertyKey, never>; Returns: string }
      call_window: {
        Args: { ends_at: string; starts_at: string }
        Returns: unknown
      }
      can_access_conversation: {
        Args: { conversation_key: string }
        Returns: boolean
      }
      can_read_medical_document: {
        Args: { object_name: string }
        Returns: boolean
      }
      can_upload_medical_document: {
        Args: { object_name: string }
        Returns: boolean
      }
      can_use_call_topic: { Args: { topic: string }; Returns: boolean }
      can_use_typing_topic: { Args: { topic: string }; Returns: boolean }
      can_write_conversation: {
        Args: { conversation_key: string }
        Returns: boolean
      }
      cancel_appointment: {
        Args: { appointment_id: string; reason: string }
        Returns: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "appointments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      cancel_prescription: {
        Args: { prescription_id: string; reason: string }
        Returns: {
          appointment_id: string
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          code: string
          doctor_id: string
          dose: string
          duration_days: number
          form: string
          frequency: string
          id: string
          instructions: string | null
          issued_at: string
          medication: string
          patient_id: string
          prescriber_licence: string | null
          prescriber_name: string
          quantity: number
          strength: string
        }
        SetofOptions: {
          from: "*"
          to: "prescriptions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      care_follow_up: { Args: Record<PropertyKey, never>; Returns: string }
      complete_appointment: {
        Args: { appointment_id: string }
        Returns: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "appointments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      compute_next_slot: { Args: { doctor_id: string }; Returns: string }
      confirm_appointment: {
        Args: { appointment_id: string }
        Returns: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "appointments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      contact_phone: { Args: { person: string }; Returns: string }
      decline_appointment: {
        Args: { appointment_id: string; reason: string }
        Returns: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "appointments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      doctor_for_review: {
        Args: {
          allowed: Database["public"]["Enums"]["verification_state"][]
          doctor_id: string
          verb: string
        }
        Returns: {
          about: string | null
          consultation_modes: Database["public"]["Enums"]["consultation_mode"][]
          created_at: string
          id: string
          is_active: boolean
          qualification: string | null
          rating_avg: number | null
          rating_count: number
          slot_minutes: number
          specialization: string | null
          time_zone: string
          updated_at: string
          verification_state: Database["public"]["Enums"]["verification_state"]
          verified_at: string | null
          verified_authority: string | null
          years_of_experience: number
        }
        SetofOptions: {
          from: "*"
          to: "doctors"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      doctor_reviews: {
        Args: { doctor: string; max_rows?: number }
        Returns: {
          comment: string
          created_at: string
          id: string
          rating: number
        }[]
      }
      doctor_sees_document: {
        Args: { appointment: string; document: string; patient: string }
        Returns: boolean
      }
      documents_json: { Args: { patient: string }; Returns: Json }
      finalise_summary: {
        Args: { appointment_id: string }
        Returns: {
          appointment_id: string
          assessment: string
          complaint: string
          doctor_id: string
          finalised_at: string
          findings: string
          follow_up: string
          id: string
          patient_id: string
          plan: string
          version: number
        }
        SetofOptions: {
          from: "*"
          to: "visit_summary_versions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      find_user: {
        Args: { email_address: string }
        Returns: {
          created_at: string
          email: string
          full_name: string
          id: string
          role: Database["public"]["Enums"]["user_role"]
          suspended: boolean
          verification_state: Database["public"]["Enums"]["verification_state"]
        }[]
      }
      in_care_with: { Args: { other: string }; Returns: boolean }
      insert_appointment: {
        Args: {
          doctor: Database["public"]["Tables"]["doctors"]["Row"]
          idempotency_key: string
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_id: string
          reason: string
          rescheduled_from: string
          starts: string
          status: Database["public"]["Enums"]["appointment_status"]
        }
        Returns: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "appointments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      is_admin: { Args: Record<PropertyKey, never>; Returns: boolean }
      is_appointment_participant: {
        Args: { appointment: string }
        Returns: boolean
      }
      is_registered_document: {
        Args: { object_name: string }
        Returns: boolean
      }
      is_valid_time_zone: { Args: { tz: string }; Returns: boolean }
      issue_prescription: {
        Args: {
          appointment_id: string
          dose: string
          duration_days: number
          form: string
          frequency: string
          instructions?: string
          medication: string
          quantity: number
          strength: string
        }
        Returns: {
          appointment_id: string
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          code: string
          doctor_id: string
          dose: string
          duration_days: number
          form: string
          frequency: string
          id: string
          instructions: string | null
          issued_at: string
          medication: string
          patient_id: string
          prescriber_licence: string | null
          prescriber_name: string
          quantity: number
          strength: string
        }
        SetofOptions: {
          from: "*"
          to: "prescriptions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      log_admin_action: {
        Args: { action: string; details?: Json; reason: string; target: string }
        Returns: {
          action: string
          admin_id: string
          admin_name: string
          created_at: string
          details: NonNullable<Json>
          id: number
          reason: string | null
          target_id: string
        }
        SetofOptions: {
          from: "*"
          to: "admin_actions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      make_admin: {
        Args: { user_email: string }
        Returns: {
          avatar_path: string | null
          created_at: string
          full_name: string
          id: string
          phone: string | null
          role: Database["public"]["Enums"]["user_role"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "profiles"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      mark_notifications_read: { Args: { ids?: string[] }; Returns: number }
      my_conversations: {
        Args: { page_offset?: number; page_size?: number }
        Returns: {
          avatar_path: string
          conversation_key: string
          full_name: string
          last_at: string
          last_body: string
          last_has_image: boolean
          last_sender_id: string
          other_id: string
          role: Database["public"]["Enums"]["user_role"]
          unread_count: number
        }[]
      }
      my_health_history: { Args: { patient?: string }; Returns: Json }
      my_notification_preferences: {
        Args: Record<PropertyKey, never>
        Returns: Json
      }
      notification_actor_name: { Args: { person: string }; Returns: string }
      notification_default: {
        Args: {
          channel: string
          kind: Database["public"]["Enums"]["notification_kind"]
        }
        Returns: boolean
      }
      notify: {
        Args: {
          actor: string
          appointment: string
          conversation: string
          kind: Database["public"]["Enums"]["notification_kind"]
          payload: Json
          recipient: string
        }
        Returns: undefined
      }
      owns_document: { Args: { document: string }; Returns: boolean }
      parse_instant: {
        Args: { field?: string; value: string }
        Returns: string
      }
      patient_chart: { Args: { patient: string }; Returns: Json }
      platform_figures: { Args: { until?: string }; Returns: Json }
      presence_topic_owner: { Args: { topic: string }; Returns: string }
      profile_for_admin: {
        Args: { user_id: string }
        Returns: {
          avatar_path: string | null
          created_at: string
          full_name: string
          id: string
          phone: string | null
          role: Database["public"]["Enums"]["user_role"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "profiles"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      record_call_event: {
        Args: { appointment_id: string; event: string }
        Returns: {
          call_answered_at: string
          call_ended_at: string
          call_started_at: string
        }[]
      }
      record_text: {
        Args: {
          label: string
          max_length: number
          required?: boolean
          value: string
        }
        Returns: string
      }
      refresh_next_slots: { Args: { doctor_ids: string[] }; Returns: undefined }
      refresh_stale_next_slots: { Args: { max_rows: number }; Returns: number }
      register_document: {
        Args: {
          appointment_id?: string
          kind: string
          storage_path: string
          title: string
        }
        Returns: {
          appointment_id: string | null
          created_at: string
          id: string
          kind: string
          mime_type: string
          patient_id: string
          size_bytes: number
          storage_path: string
          title: string
          uploaded_by: string
        }
        SetofOptions: {
          from: "*"
          to: "documents"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      reinstate_user: {
        Args: { reason: string; user_id: string }
        Returns: {
          action: string
          admin_id: string
          admin_name: string
          created_at: string
          details: NonNullable<Json>
          id: number
          reason: string | null
          target_id: string
        }
        SetofOptions: {
          from: "*"
          to: "admin_actions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      reject_doctor: {
        Args: { doctor_id: string; reason: string }
        Returns: {
          action: string
          admin_id: string
          admin_name: string
          created_at: string
          details: NonNullable<Json>
          id: number
          reason: string | null
          target_id: string
        }
        SetofOptions: {
          from: "*"
          to: "admin_actions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      replay_booking: {
        Args: {
          booked: Database["public"]["Tables"]["appointments"]["Row"]
          doctor_id: string
          mode: Database["public"]["Enums"]["consultation_mode"]
          reason: string
          starts: string
        }
        Returns: Json
      }
      request_appointment: {
        Args: {
          doctor_id: string
          idempotency_key?: string
          mode: Database["public"]["Enums"]["consultation_mode"]
          reason: string
          starts_at: string
        }
        Returns: Json
      }
      require_admin: { Args: Record<PropertyKey, never>; Returns: string }
      require_reason: { Args: { reason: string }; Returns: string }
      reschedule_appointment: {
        Args: { appointment_id: string; reason?: string; starts_at: string }
        Returns: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "appointments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      save_summary_draft: {
        Args: {
          appointment_id: string
          assessment?: string
          complaint?: string
          findings?: string
          follow_up?: string
          plan?: string
        }
        Returns: {
          appointment_id: string
          assessment: string
          complaint: string
          created_at: string
          doctor_id: string
          findings: string
          follow_up: string
          plan: string
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "visit_summary_drafts"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      schedule_slots: {
        Args: { doctor_id: string; range_end: string; range_start: string }
        Returns: {
          ends_at: string
          starts_at: string
        }[]
      }
      search_doctors: {
        Args: {
          mode?: Database["public"]["Enums"]["consultation_mode"]
          page_offset?: number
          page_size?: number
          search?: string
          sort_by?: string
          specialty?: string
        }
        Returns: {
          avatar_path: string
          consultation_modes: Database["public"]["Enums"]["consultation_mode"][]
          full_name: string
          id: string
          next_slot: string
          qualification: string
          rating_avg: number
          rating_count: number
          specialization: string
          specialization_name: string
          time_zone: string
          total_count: number
          verified_at: string
          verified_authority: string
          years_of_experience: number
        }[]
      }
      set_notification_preferences: {
        Args: { preferences: Json }
        Returns: Json
      }
      shares_appointment_with: { Args: { other: string }; Returns: boolean }
      shares_care_with: { Args: { other: string }; Returns: boolean }
      slot_problem: {
        Args: { doctor_id: string; ignore?: string; starts: string }
        Returns: string
      }
      submit_licence: {
        Args: {
          country: string
          document_path: string
          issuing_authority: string
          registration_number: string
          year_licensed: number
        }
        Returns: {
          country: string
          created_at: string
          decided_at: string | null
          decision_reason: string | null
          doctor_id: string
          document_path: string
          issuing_authority: string
          registration_number: string
          submitted_at: string
          updated_at: string
          year_licensed: number
        }
        SetofOptions: {
          from: "*"
          to: "doctor_licences"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      suspend_user: {
        Args: { reason: string; user_id: string }
        Returns: {
          action: string
          admin_id: string
          admin_name: string
          created_at: string
          details: NonNullable<Json>
          id: number
          reason: string | null
          target_id: string
        }
        SetofOptions: {
          from: "*"
          to: "admin_actions"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      visit_for_record: {
        Args: { appointment_id: string }
        Returns: {
          call_answered_at: string | null
          call_ended_at: string | null
          call_started_at: string | null
          call_started_by: string | null
          cancellation_reason: string | null
          cancelled_at: string | null
          cancelled_by: string | null
          confirmed_at: string | null
          created_at: string
          doctor_id: string
          ends_at: string
          id: string
          idempotency_key: string | null
          mode: Database["public"]["Enums"]["consultation_mode"]
          patient_comment: string | null
          patient_id: string
          reason: string | null
          rescheduled_from: string | null
          starts_at: string
          status: Database["public"]["Enums"]["appointment_status"]
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "appointments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      visit_json: {
        Args: {
          visit: Database["public"]["Tables"]["appointments"]["Row"]
          with_private: boolean
        }
        Returns: Json
      }
    }
    Enums: {
      appointment_status:
        | "pending"
        | "scheduled"
        | "completed"
        | "cancelled"
        | "rescheduled"
      availability_exception_kind: "day_off" | "extra_hours"
      blood_group: "A+" | "A-" | "B+" | "B-" | "AB+" | "AB-" | "O+" | "O-"
      consultation_mode: "video" | "chat"
      gender: "female" | "male" | "non_binary" | "other" | "prefer_not_to_say"
      notification_kind:
        | "requested"
        | "confirmed"
        | "declined"
        | "cancelled"
        | "rescheduled"
        | "message"
        | "missed_call"
        | "verification"
      user_role: "patient" | "doctor" | "admin"
      verification_state:
        | "unverified"
        | "pending_review"
        | "verified"
        | "rejected"
        | "suspended"
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  graphql_public: {
    Enums: {},
  },
  public: {
    Enums: {
      appointment_status: [
        "pending",
        "scheduled",
        "completed",
        "cancelled",
        "rescheduled",
      ],
      availability_exception_kind: ["day_off", "extra_hours"],
      blood_group: ["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"],
      consultation_mode: ["video", "chat"],
      gender: ["female", "male", "non_binary", "other", "prefer_not_to_say"],
      notification_kind: [
        "requested",
        "confirmed",
        "declined",
        "cancelled",
        "rescheduled",
        "message",
        "missed_call",
        "verification",
      ],
      user_role: ["patient", "doctor", "admin"],
      verification_state: [
        "unverified",
        "pending_review",
        "verified",
        "rejected",
        "suspended",
      ],
    },
  },
} as const

