"""The words of the demo training library: courses, modules, checks, materials, documents.

Kept apart from `training/demo.py` (which puts them in the page tree) so the content reads as
content. Video links are placeholders: the site shows a link and the transcript when the video
site cannot be reached, as on a machine without internet.
"""

DEMO_VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"

QUALIFICATIONS = [
    {
        "name": "Canvass-ready",
        "description": "Has learned how a canvass runs, the door script and how to stay safe.",
        "name_es": "Preparado para tocar puertas",
        "description_es": "Sabe cómo funciona una salida a tocar puertas, el guion de la puerta y "
        "cómo cuidarse.",
        "validity_months": 12,
        "required_for_event_types": ["CANVASS"],
    },
    {
        "name": "Phone-bank ready",
        "description": "Knows the dialer, the call script and how to handle hard calls.",
        "name_es": "Preparado para hacer llamadas",
        "description_es": "Conoce el marcador, el guion de la llamada y cómo manejar las llamadas "
        "difíciles.",
        "validity_months": None,
        "required_for_event_types": [],
    },
    {
        "name": "Michigan voter registrar",
        "description": "Knows Michigan's registration rules and how to fill in and return forms.",
        "name_es": "Inscriptor de votantes de Míchigan",
        "description_es": "Conoce las reglas de inscripción de Míchigan y cómo llenar y entregar "
        "los formularios.",
        "validity_months": 24,
        "required_for_event_types": [],
    },
]

DOCUMENTS = {
    "walk-list-guide": {
        "title": "Walk list and canvassing app: quick guide",
        "filename": "walk-list-quick-guide.pdf",
        "lines": [
            "1. Open the canvassing app and log in with the code from your organizer.",
            "2. Pick your turf: the list shows houses in walking order.",
            "3. Knock, talk, and record the answer before you leave the porch.",
            "4. Not home? Tap 'Not home' and leave a door hanger.",
            "5. Sync before you head back to the office.",
        ],
    },
    "safety-card": {
        "title": "Canvass safety card",
        "filename": "canvass-safety-card.pdf",
        "lines": [
            "Always canvass with a partner and keep your phone charged.",
            "Never go inside a house. Talk on the porch or at the door.",
            "Skip any door that feels unsafe. No conversation is worth it.",
            "Dogs, ice, traffic: look around before you walk up.",
            "Call your shift lead at the number on your turf sheet.",
        ],
    },
    "michigan-form-guide": {
        "title": "Michigan voter registration form: field by field",
        "filename": "michigan-registration-form-guide.pdf",
        "lines": [
            "Use the current Michigan Voter Registration Application.",
            "Name and home address as they appear on the ID, if the person has one.",
            "Driver's license or state ID number, or the last 4 digits of the SSN.",
            "The applicant signs and dates the form themselves.",
            "Return completed forms to the office the same day. Never keep them overnight.",
        ],
    },
    "door-hanger": {
        "title": "Door hanger: what to leave when nobody answers",
        "filename": "door-hanger.pdf",
        "lines": [
            "Sorry we missed you!",
            "Your neighbors from Neighbors United stopped by to talk about fair wages.",
            "Find an event near you at our website, or call your local office.",
        ],
    },
    "dialer-howto": {
        "title": "Dialer how-to (text)",
        "filename": "dialer-how-to.txt",
        "text": "Dialer how-to\n\n1. Open the link your shift lead sends.\n2. Allow the "
        "microphone.\n3. Press 'Start calling'; the next call connects by itself.\n4. Read the "
        "script on the left, record the answers on the right.\n5. Press 'Next' when you are done "
        "with a call.\n",
    },
    "canvass-slides": {
        "title": "Canvassing 101 training slides",
        "filename": "canvassing-101-slides.pdf",
        "lines": [
            "Canvassing 101 - Neighbors United",
            "Why we knock: a conversation beats any ad.",
            "The walk list and the app.",
            "The script: introduce, ask, listen, ask again, thank.",
            "Safety first, then report back.",
        ],
    },
}


def _question(question, answers, correct, hint=""):
    return {
        "question": question,
        "answers": [
            {"text": text, "is_correct": index == correct} for index, text in enumerate(answers)
        ],
        "hint": hint,
    }


def _check(*questions, introduction="Check what you learned before you move on."):
    return {"type": "check", "value": {"introduction": introduction, "questions": list(questions)}}


CANVASSING_101 = {
    "slug": "canvassing-101",
    "title": "Canvassing 101",
    "introduction": "Everything you need before your first door: why we canvass, the walk list, "
    "the script and staying safe. About 40 minutes, on your phone.",
    "topic": "canvassing",
    "language": "en",
    "pass_mark": 80,
    "is_featured": True,
    "qualification": "Canvass-ready",
    "modules": [
        {
            "title": "Why we knock on doors",
            "summary": "A five-minute conversation changes more minds than any ad.",
            "estimated_minutes": 8,
            "body": [
                {
                    "type": "rich_text",
                    "value": "<p>Most people have never been asked what they think by a neighbor. "
                    "When you knock, you are not selling anything: you are listening, and asking "
                    "people to join something.</p><ul><li>Conversations at the door raise turnout "
                    "more than mail or ads.</li><li>Every answer you record helps the next "
                    "volunteer.</li></ul>",
                },
                {
                    "type": "video",
                    "value": {
                        "title": "A canvass in four minutes",
                        "video": DEMO_VIDEO,
                        "duration_minutes": 4,
                        "transcript": "An organizer walks a block with two new volunteers.\n"
                        "She knocks, steps back and smiles. \"Hi, I'm Dana with Neighbors United. "
                        "We're talking with neighbors about fair wages. What matters most to you "
                        'right now?"\nThe resident talks about rent. Dana listens, then asks if '
                        "they would come to a community meeting next week. They say maybe; Dana "
                        "records it and thanks them.",
                    },
                },
            ],
        },
        {
            "title": "Your walk list and the app",
            "summary": "How your turf is organized and how to record what people say.",
            "estimated_minutes": 10,
            "body": [
                {
                    "type": "rich_text",
                    "value": "<p>Your walk list shows the houses on your turf in walking order. "
                    "Record every door before you leave the porch: home, not home, refused, or "
                    "moved.</p>",
                },
                {
                    "type": "document",
                    "value": {
                        "document": "walk-list-guide",
                        "title": "",
                        "description": "Print it or keep it on your phone for your first shift.",
                    },
                },
            ],
        },
        {
            "title": "At the door: the script",
            "summary": "Introduce yourself, ask, listen, ask again, thank them.",
            "estimated_minutes": 12,
            "body": [
                {
                    "type": "script",
                    "value": {
                        "title": "The door script",
                        "kind": "canvass",
                        "lines": [
                            {
                                "speaker": "you",
                                "text": "Hi, I'm ___, a volunteer with Neighbors "
                                "United. We're talking with neighbors about fair wages.",
                            },
                            {
                                "speaker": "you",
                                "text": "What is the biggest issue for your family right now?",
                            },
                            {
                                "speaker": "note",
                                "text": "Listen more than you talk. Repeat back what you heard.",
                            },
                            {"speaker": "them", "text": "I'm busy."},
                            {
                                "speaker": "you",
                                "text": "No problem! Can I leave this with you? "
                                "It has our next meeting on it.",
                            },
                            {
                                "speaker": "you",
                                "text": "Would you come to our community meeting next Thursday?",
                            },
                        ],
                    },
                },
                _check(
                    _question(
                        "Someone says they are busy. What do you do?",
                        [
                            "Keep going with the full script",
                            "Offer to leave a flyer and thank them",
                            "Come back in ten minutes",
                        ],
                        1,
                        "Look at what the script says to do when someone is busy.",
                    ),
                    _question(
                        "What should you do most at the door?",
                        ["Talk about our plan", "Listen", "Hand out as many flyers as you can"],
                        1,
                    ),
                    _question(
                        "When do you record the answer in the app?",
                        ["Before you leave the porch", "At the end of the shift", "The next day"],
                        0,
                        "The walk list module covers this.",
                    ),
                ),
            ],
        },
        {
            "title": "Staying safe and reporting back",
            "summary": "Partners, porches and what to do when something feels wrong.",
            "estimated_minutes": 6,
            "body": [
                {
                    "type": "rich_text",
                    "value": "<p>Canvass in pairs, stay on porches, and skip any door that feels "
                    "wrong. At the end of the shift, sync the app and tell your shift lead how it "
                    "went.</p>",
                },
                {
                    "type": "document",
                    "value": {"document": "safety-card", "title": "", "description": ""},
                },
                _check(
                    _question(
                        "A resident invites you inside to talk. What do you do?",
                        ["Go in, it is polite", "Thank them and keep talking at the door"],
                        1,
                        "Read the safety card again.",
                    ),
                    _question(
                        "Who do you call if something goes wrong?",
                        ["Your shift lead", "Nobody, just go home", "The resident's neighbor"],
                        0,
                    ),
                ),
            ],
        },
    ],
}

CANVASSING_101_ES = {
    "title": "Tocar puertas 101",
    "introduction": "Todo lo que necesita antes de su primera puerta: por qué tocamos puertas, la "
    "lista de casas, el guion y cómo cuidarse. Unos 40 minutos, desde su teléfono.",
    "language": "es",
    # (title, summary, body) per module, in the English course's order.
    "modules": [
        (
            "Por qué tocamos puertas",
            "Una conversación de cinco minutos cambia más que un anuncio.",
            [
                {
                    "type": "rich_text",
                    "value": "<p>Casi nadie ha tenido a un vecino que le pregunte qué piensa. "
                    "Cuando usted toca una puerta no vende nada: escucha e invita a la gente a "
                    "sumarse.</p><ul><li>Las conversaciones en la puerta aumentan la participación "
                    "más que el correo o los anuncios.</li><li>Cada respuesta que anota ayuda al "
                    "próximo voluntario.</li></ul>",
                },
                {
                    "type": "video",
                    "value": {
                        "title": "Una salida a tocar puertas en cuatro minutos",
                        "video": DEMO_VIDEO,
                        "duration_minutes": 4,
                        "transcript": "Una organizadora recorre una cuadra con dos voluntarios "
                        'nuevos. Toca, da un paso atrás y sonríe: "Hola, soy Dana de Neighbors '
                        "United. Estamos hablando con los vecinos sobre salarios justos. ¿Qué es "
                        'lo que más le importa ahora?" La vecina habla del alquiler. Dana '
                        "escucha, la invita a la reunión de la próxima semana, anota la respuesta "
                        "y le da las gracias.",
                    },
                },
            ],
        ),
        (
            "Su lista de casas y la aplicación",
            "Cómo está organizado su recorrido y cómo anotar lo que le dicen.",
            [
                {
                    "type": "rich_text",
                    "value": "<p>Su lista muestra las casas de su recorrido en el orden en que "
                    "caminará. Anote cada puerta antes de salir del porche: en casa, no está, "
                    "no quiso hablar o se mudó.</p>",
                },
                {
                    "type": "document",
                    "value": {
                        "document": "walk-list-guide",
                        "title": "Guía rápida de la lista y la aplicación (en inglés)",
                        "description": "Imprímala o guárdela en su teléfono para su primer turno.",
                    },
                },
            ],
        ),
        (
            "En la puerta: el guion",
            "Preséntese, pregunte, escuche, vuelva a preguntar y agradezca.",
            [
                {
                    "type": "script",
                    "value": {
                        "title": "El guion de la puerta",
                        "kind": "canvass",
                        "lines": [
                            {
                                "speaker": "you",
                                "text": "Hola, soy ___, voluntario de Neighbors United. Hablamos "
                                "con los vecinos sobre salarios justos.",
                            },
                            {
                                "speaker": "you",
                                "text": "¿Cuál es el tema más importante para su familia ahora "
                                "mismo?",
                            },
                            {
                                "speaker": "note",
                                "text": "Escuche más de lo que habla. Repita lo que oyó.",
                            },
                            {"speaker": "them", "text": "Estoy ocupado."},
                            {
                                "speaker": "you",
                                "text": "¡No hay problema! ¿Le puedo dejar esto? Tiene la fecha "
                                "de nuestra próxima reunión.",
                            },
                        ],
                    },
                },
                _check(
                    _question(
                        "Alguien le dice que está ocupado. ¿Qué hace?",
                        [
                            "Sigo con todo el guion",
                            "Ofrezco dejarle un volante y le doy las gracias",
                            "Vuelvo en diez minutos",
                        ],
                        1,
                        "Mire qué dice el guion cuando alguien está ocupado.",
                    ),
                    _question(
                        "¿Qué debe hacer más en la puerta?",
                        ["Hablar de nuestro plan", "Escuchar", "Repartir muchos volantes"],
                        1,
                    ),
                    _question(
                        "¿Cuándo anota la respuesta en la aplicación?",
                        ["Antes de salir del porche", "Al final del turno", "Al día siguiente"],
                        0,
                        "El módulo de la lista de casas lo explica.",
                    ),
                    introduction="Compruebe lo que aprendió antes de seguir.",
                ),
            ],
        ),
        (
            "Seguridad y reporte final",
            "En pareja, en el porche, y qué hacer si algo no se siente bien.",
            [
                {
                    "type": "rich_text",
                    "value": "<p>Salga en pareja, quédese en el porche y sáltese cualquier puerta "
                    "que no le dé confianza. Al final del turno, sincronice la aplicación y "
                    "cuéntele a su líder de turno cómo le fue.</p>",
                },
                {
                    "type": "document",
                    "value": {
                        "document": "safety-card",
                        "title": "Tarjeta de seguridad (en inglés)",
                        "description": "",
                    },
                },
                _check(
                    _question(
                        "Una persona le invita a pasar a su casa. ¿Qué hace?",
                        ["Entro, es de buena educación", "Agradezco y sigo hablando en la puerta"],
                        1,
                        "Lea otra vez la tarjeta de seguridad.",
                    ),
                    _question(
                        "¿A quién llama si algo sale mal?",
                        ["A mi líder de turno", "A nadie, me voy a casa", "Al vecino de al lado"],
                        0,
                    ),
                    introduction="Compruebe lo que aprendió antes de seguir.",
                ),
            ],
        ),
    ],
}

PHONE_BANKING = {
    "slug": "phone-banking-basics",
    "title": "Phone banking basics",
    "introduction": "Make calls from the office or from home: the dialer, the script, and how "
    "to handle the hard calls. About 25 minutes.",
    "topic": "phone_banking",
    "language": "en",
    "pass_mark": 75,
    "is_featured": True,
    "qualification": "Phone-bank ready",
    "modules": [
        {
            "title": "How a phone bank runs",
            "summary": "Log in, warm up, call, take breaks, report back.",
            "estimated_minutes": 7,
            "body": [
                {
                    "type": "rich_text",
                    "value": "<p>A phone bank starts with a ten-minute huddle. Your shift lead "
                    "shares the goal for the night and the dialer link. Most calls go to "
                    "voicemail; that is normal.</p>",
                },
                {
                    "type": "document",
                    "value": {"document": "dialer-howto", "title": "", "description": ""},
                },
            ],
        },
        {
            "title": "The call script",
            "summary": "Short, friendly, and always ends with an ask.",
            "estimated_minutes": 8,
            "body": [
                {
                    "type": "script",
                    "value": {
                        "title": "Evening call script",
                        "kind": "call",
                        "lines": [
                            {
                                "speaker": "you",
                                "text": "Hi, is this ___? I'm ___, a volunteer "
                                "with Neighbors United calling about fair wages.",
                            },
                            {
                                "speaker": "you",
                                "text": "Can we count on you to vote on November 4th?",
                            },
                            {"speaker": "them", "text": "Take me off your list."},
                            {
                                "speaker": "you",
                                "text": "Of course, I'll mark that now. Have a good evening.",
                            },
                        ],
                    },
                },
                _check(
                    _question(
                        "Someone asks to be taken off the list. What do you do?",
                        [
                            "Ask once more politely",
                            "Mark it in the dialer and end the call kindly",
                            "Hang up without a word",
                        ],
                        1,
                    ),
                    _question(
                        "How should every conversation end?",
                        ["With an ask", "With a joke", "With a long explanation"],
                        0,
                    ),
                ),
            ],
        },
        {
            "title": "Tricky calls",
            "summary": "Angry people, wrong numbers and questions you cannot answer.",
            "estimated_minutes": 10,
            "body": [
                {
                    "type": "rich_text",
                    "value": "<p>Stay calm and kind. You never need to argue: thank them and "
                    "move on. If you do not know an answer, say so and offer to have an "
                    "organizer follow up.</p>",
                },
                _check(
                    _question(
                        "Someone asks a policy question you cannot answer. You…",
                        [
                            "Guess",
                            "Offer to have an organizer follow up",
                            "Change the subject",
                        ],
                        1,
                    ),
                ),
            ],
        },
    ],
}

MICHIGAN_REGISTRATION = {
    "slug": "registering-voters-in-michigan",
    "title": "Registering voters in Michigan",
    "introduction": "Michigan's rules for registering voters, and how to fill in and return the "
    "form correctly. For volunteers who have done Canvassing 101.",
    "topic": "voter_registration",
    "language": "en",
    "pass_mark": 100,
    "is_featured": False,
    "qualification": "Michigan voter registrar",
    "prerequisites": ["canvassing-101"],
    "modules": [
        {
            "title": "Who can register in Michigan",
            "summary": "Eligibility, deadlines and same-day registration.",
            "estimated_minutes": 10,
            "body": [
                {
                    "type": "rich_text",
                    "value": "<p>A person can register in Michigan if they are a U.S. citizen, "
                    "at least 17½ years old (18 by Election Day to vote), and a Michigan "
                    "resident of their city or township. They can register at a clerk's office "
                    "up to and on Election Day with proof of residency.</p>",
                },
                _check(
                    _question(
                        "Can someone register on Election Day in Michigan?",
                        ["No, never", "Yes, at their clerk's office with proof of residency"],
                        1,
                    ),
                    _question(
                        "What do you do with completed forms at the end of your shift?",
                        [
                            "Take them home and bring them next week",
                            "Return them to the office the same day",
                        ],
                        1,
                        "The form guide in the next module says it in its last line.",
                    ),
                ),
            ],
        },
        {
            "title": "Filling in the form",
            "summary": "Every field, and the mistakes that get a form rejected.",
            "estimated_minutes": 12,
            "body": [
                {
                    "type": "document",
                    "value": {
                        "document": "michigan-form-guide",
                        "title": "",
                        "description": "Keep it next to you at the table.",
                    },
                },
                {
                    "type": "rich_text",
                    "value": "<p>Never fill in a form for someone. You can answer questions and "
                    "check it is complete; they write and sign it themselves.</p>",
                },
            ],
        },
    ],
}

COURSES = [CANVASSING_101, PHONE_BANKING, MICHIGAN_REGISTRATION]

MATERIALS = [
    {
        "slug": "door-hanger",
        "title": "Door hanger for when nobody answers",
        "introduction": "Print a stack before your shift; leave one at every door where nobody "
        "answers.",
        "topic": "canvassing",
        "format": "handout",
        "language": "en",
        "estimated_minutes": 2,
        "body": [
            {
                "type": "document",
                "value": {"document": "door-hanger", "title": "", "description": "One page, PDF."},
            }
        ],
    },
    {
        "slug": "dialer-in-two-minutes",
        "title": "The dialer in two minutes",
        "introduction": "A short video and a text guide to our calling tool.",
        "topic": "campaign_tools",
        "format": "how_to",
        "language": "en",
        "estimated_minutes": 4,
        "body": [
            {
                "type": "video",
                "value": {
                    "title": "Using the dialer",
                    "video": DEMO_VIDEO,
                    "duration_minutes": 2,
                    "transcript": "Open the link from your shift lead, allow the microphone, and "
                    "press Start calling. The script is on the left; the answers go on the right. "
                    "Press Next after each call.",
                },
            },
            {
                "type": "document",
                "value": {"document": "dialer-howto", "title": "", "description": ""},
            },
        ],
    },
    {
        "slug": "guion-de-llamadas",
        "title": "Guion de llamadas en español",
        "introduction": "El guion para los bancos telefónicos en español, con respuestas a las "
        "preguntas más comunes.",
        "topic": "phone_banking",
        "format": "call_script",
        "language": "es",
        "estimated_minutes": 5,
        "body": [
            {
                "type": "script",
                "value": {
                    "title": "Llamada de la tarde",
                    "kind": "call",
                    "lines": [
                        {
                            "speaker": "you",
                            "text": "Hola, ¿hablo con ___? Soy ___, voluntario de "
                            "Neighbors United. Llamo para hablar de salarios justos.",
                        },
                        {
                            "speaker": "you",
                            "text": "¿Podemos contar con su voto el 4 de noviembre?",
                        },
                        {"speaker": "them", "text": "No me llamen más."},
                        {
                            "speaker": "you",
                            "text": "Claro, lo anoto ahora mismo. Que tenga buena tarde.",
                        },
                    ],
                },
            }
        ],
    },
    {
        "slug": "canvassing-101-slides",
        "title": "Canvassing 101 slides",
        "introduction": "The slides organizers use for the live Canvassing 101 training.",
        "topic": "canvassing",
        "format": "slides",
        "language": "en",
        "estimated_minutes": 15,
        "body": [
            {
                "type": "document",
                "value": {"document": "canvass-slides", "title": "", "description": ""},
            }
        ],
    },
]

_CHECK_ES = "Compruebe lo que aprendió antes de seguir."

# The other courses in Spanish (formal "usted"), by the English course's slug. The documents
# stay the English files, so their blocks say so in their title.
COURSES_ES = {
    "phone-banking-basics": {
        "title": "Llamadas a votantes: lo básico",
        "introduction": "Haga llamadas desde la oficina o desde su casa: el marcador, el guion y "
        "cómo manejar las llamadas difíciles. Unos 25 minutos.",
        "language": "es",
        "modules": [
            (
                "Cómo funciona una jornada de llamadas",
                "Entre, prepárese, llame, descanse e informe.",
                [
                    {
                        "type": "rich_text",
                        "value": "<p>Cada jornada de llamadas empieza con una reunión de diez "
                        "minutos. Su líder de turno comparte la meta de la noche y el enlace "
                        "del marcador. La mayoría de las llamadas terminan en el buzón de voz; "
                        "es normal.</p>",
                    },
                    {
                        "type": "document",
                        "value": {
                            "document": "dialer-howto",
                            "title": "Guía del marcador (en inglés)",
                            "description": "",
                        },
                    },
                ],
            ),
            (
                "El guion de la llamada",
                "Breve, amable y siempre termina con una petición.",
                [
                    {
                        "type": "script",
                        "value": {
                            "title": "Guion de la llamada de la tarde",
                            "kind": "call",
                            "lines": [
                                {
                                    "speaker": "you",
                                    "text": "Hola, ¿hablo con ___? Soy ___, voluntario de "
                                    "Neighbors United. Le llamo para hablar de salarios justos.",
                                },
                                {
                                    "speaker": "you",
                                    "text": "¿Podemos contar con su voto el 4 de noviembre?",
                                },
                                {"speaker": "them", "text": "Sáquenme de su lista."},
                                {
                                    "speaker": "you",
                                    "text": "Por supuesto, lo anoto ahora mismo. "
                                    "Que tenga buena tarde.",
                                },
                            ],
                        },
                    },
                    _check(
                        _question(
                            "Una persona le pide que la saque de la lista. ¿Qué hace?",
                            [
                                "Insisto una vez más con cortesía",
                                "Lo marco en el marcador y termino la llamada con amabilidad",
                                "Cuelgo sin decir nada",
                            ],
                            1,
                        ),
                        _question(
                            "¿Cómo debe terminar cada conversación?",
                            ["Con una petición", "Con un chiste", "Con una larga explicación"],
                            0,
                        ),
                        introduction=_CHECK_ES,
                    ),
                ],
            ),
            (
                "Llamadas difíciles",
                "Personas enojadas, números equivocados y preguntas sin respuesta.",
                [
                    {
                        "type": "rich_text",
                        "value": "<p>Mantenga la calma y la amabilidad. Nunca necesita "
                        "discutir: dé las gracias y siga con la próxima llamada. Si no sabe una "
                        "respuesta, dígalo y ofrezca que un organizador se comunique con la "
                        "persona.</p>",
                    },
                    _check(
                        _question(
                            "Le hacen una pregunta sobre una propuesta que usted no sabe "
                            "responder. Usted…",
                            [
                                "Adivina",
                                "Ofrece que un organizador se comunique después",
                                "Cambia de tema",
                            ],
                            1,
                        ),
                        introduction=_CHECK_ES,
                    ),
                ],
            ),
        ],
    },
    "registering-voters-in-michigan": {
        "title": "Inscripción de votantes en Míchigan",
        "introduction": "Las reglas de Míchigan para inscribir votantes y cómo llenar y entregar "
        "el formulario correctamente. Para quienes ya hicieron Tocar puertas 101.",
        "language": "es",
        "modules": [
            (
                "Quién puede inscribirse en Míchigan",
                "Requisitos, plazos e inscripción el mismo día.",
                [
                    {
                        "type": "rich_text",
                        "value": "<p>Una persona puede inscribirse en Míchigan si es "
                        "ciudadana de EE. UU., tiene al menos 17 años y medio (18 el día de la "
                        "elección para votar) y reside en su ciudad o municipio de Míchigan. "
                        "Puede inscribirse en la oficina del secretario municipal hasta el "
                        "mismo día de la elección, con un comprobante de domicilio.</p>",
                    },
                    _check(
                        _question(
                            "¿Se puede inscribir una persona el día de la elección en Míchigan?",
                            [
                                "No, nunca",
                                "Sí, en la oficina de su secretario municipal, con un "
                                "comprobante de domicilio",
                            ],
                            1,
                        ),
                        _question(
                            "¿Qué hace con los formularios llenos al final de su turno?",
                            [
                                "Me los llevo a casa y los traigo la semana próxima",
                                "Los entrego en la oficina el mismo día",
                            ],
                            1,
                            "La guía del formulario, en el próximo módulo, lo dice en su "
                            "última línea.",
                        ),
                        introduction=_CHECK_ES,
                    ),
                ],
            ),
            (
                "Cómo llenar el formulario",
                "Cada campo y los errores por los que se rechaza un formulario.",
                [
                    {
                        "type": "document",
                        "value": {
                            "document": "michigan-form-guide",
                            "title": "Guía del formulario de Míchigan (en inglés)",
                            "description": "Téngala a mano en la mesa.",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": "<p>Nunca llene un formulario por otra persona. Puede "
                        "responder preguntas y revisar que esté completo; la persona lo llena y "
                        "lo firma ella misma.</p>",
                    },
                ],
            ),
        ],
    },
}

# The materials in Spanish, by the English material's slug (the Spanish call script is
# written in Spanish already and keeps its own page).
MATERIALS_ES = {
    "door-hanger": {
        "title": "Aviso para la puerta cuando nadie responde",
        "introduction": "Imprima varios antes de su turno; deje uno en cada puerta donde nadie "
        "responda.",
        "language": "es",
        "body": [
            {
                "type": "document",
                "value": {
                    "document": "door-hanger",
                    "title": "Aviso para la puerta (en inglés)",
                    "description": "Una página, en PDF.",
                },
            }
        ],
    },
    "dialer-in-two-minutes": {
        "title": "El marcador en dos minutos",
        "introduction": "Un video corto y una guía escrita de nuestra herramienta de llamadas.",
        "language": "es",
        "body": [
            {
                "type": "video",
                "value": {
                    "title": "Cómo usar el marcador",
                    "video": DEMO_VIDEO,
                    "duration_minutes": 2,
                    "transcript": "Abra el enlace que le da su líder de turno, permita el uso "
                    "del micrófono y presione «Start calling». El guion está a la izquierda; "
                    "las respuestas se anotan a la derecha. Presione «Next» después de cada "
                    "llamada.",
                },
            },
            {
                "type": "document",
                "value": {
                    "document": "dialer-howto",
                    "title": "Guía del marcador (en inglés)",
                    "description": "",
                },
            },
        ],
    },
    "guion-de-llamadas": {
        "title": "Guion de llamadas en español",
        "introduction": "El guion para los bancos telefónicos en español, con respuestas a las "
        "preguntas más comunes.",
        "language": "es",
    },
    "canvassing-101-slides": {
        "title": "Diapositivas de Tocar puertas 101",
        "introduction": "Las diapositivas que usan los organizadores en la capacitación en vivo "
        "de Tocar puertas 101.",
        "language": "es",
        "body": [
            {
                "type": "document",
                "value": {
                    "document": "canvass-slides",
                    "title": "Diapositivas (en inglés)",
                    "description": "",
                },
            }
        ],
    },
}
