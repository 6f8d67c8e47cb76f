//! Plain-HTML forms (contact, waitlist) that work without JavaScript.
//!
//! The form posts to an axum handler written beside its page (behind the
//! `ssr` feature, on the helpers of [`post`]). On invalid input the handler renders
//! the same page again with a [`FormFeedback`] in the Leptos context: the
//! typed values and one message per field. With JavaScript, `forms.js` sends
//! the same post with `Accept: application/json` and shows the same messages
//! in place, without a reload.
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
pub mod post;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormFeedback {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    /// A message about the whole form (rate limit, server trouble).
    pub alert: Option<String>,
    /// After a tool's plain form post: its result (when it ran) and the
    /// visitor's quota, which the page shows instead of what it would read
    /// itself (the re-rendered page has no cookie or client address).
    pub tool: Option<crate::model::ToolFeedback>,
}

impl FormFeedback {
    pub fn current() -> Self {
        use_context::<FormFeedback>().unwrap_or_default()
    }

    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).cloned()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Email,
    Tel,
    Password,
    TextArea,
    /// `YYYY-MM-DD`, the browser's date picker.
    Date,
}

/// A labelled input with its error message wired for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    kind: FieldKind,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] minlength: Option<u32>,
    #[prop(optional)] maxlength: Option<u32>,
    /// `numeric` for amounts typed on a phone.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let feedback = FormFeedback::current();
    let value = if kind == FieldKind::Password {
        String::new()
    } else {
        feedback.value(name)
    };
    let error = feedback.error(name);
    let id = format!("f-{name}");
    let error_id = format!("f-{name}-error");
    let hint_id = format!("f-{name}-hint");
    let described = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let invalid = error.is_some().then_some("true");
    let input = match kind {
        FieldKind::TextArea => view! {
            <textarea id=id.clone() name=name rows="6" class="field-input" required=required
                minlength=minlength maxlength=maxlength aria-invalid=invalid aria-describedby=described.clone()>
                {value}
            </textarea>
        }
        .into_any(),
        _ => {
            let type_ = match kind {
                FieldKind::Email => "email",
                FieldKind::Tel => "tel",
                FieldKind::Password => "password",
                FieldKind::Date => "date",
                _ => "text",
            };
            view! {
                <input id=id.clone() name=name type=type_ value=value class="field-input" required=required
                    autocomplete=autocomplete minlength=minlength maxlength=maxlength
                    inputmode=inputmode placeholder=placeholder
                    aria-invalid=invalid aria-describedby=described.clone()/>
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id class="field-label">
                {label}
                {(!required).then(|| view! { <span class="text-slate-400">" (opsional)"</span> })}
            </label>
            {hint.map(|h| view! { <p id=hint_id class="field-hint">{h}</p> })}
            {input}
            <p id=error_id class="field-error" data-error-for=name>{error}</p>
        </div>
    }
}

/// Off-screen field that people never see; bots that fill every input give
/// themselves away.
#[component]
pub fn Honeypot() -> impl IntoView {
    view! {
        <div class="hp" aria-hidden="true">
            <label for="f-website">"Jangan isi kolom ini"</label>
            <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"/>
        </div>
    }
}

/// The status line: success (from the redirect after a post) or the form's
/// alert. `role=status` so screen readers announce changes made by forms.js.
#[component]
pub fn FormStatus(#[prop(into)] success: Option<String>) -> impl IntoView {
    let alert = FormFeedback::current().alert;
    let (class, text) = match (success, alert) {
        (_, Some(a)) => ("form-status form-status-error", Some(a)),
        (Some(s), None) => ("form-status form-status-ok", Some(s)),
        (None, None) => ("form-status", None),
    };
    view! { <p class=class role="status" data-form-status="">{text}</p> }
}
