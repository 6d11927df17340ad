// smart_community panel: built from frontend/ by scripts/build-frontend; do not edit.
var dt=Object.defineProperty;var vr=Object.getOwnPropertyDescriptor;var fr=(o,s,e)=>s in o?dt(o,s,{enumerable:!0,configurable:!0,writable:!0,value:e}):o[s]=e;var d=(o,s,e,t)=>{for(var r=t>1?void 0:t?vr(s,e):s,i=o.length-1,a;i>=0;i--)(a=o[i])&&(r=(t?a(s,e,r):a(r))||r);return t&&r&&dt(s,e,r),r};var he=(o,s,e)=>fr(o,typeof s!="symbol"?s+"":s,e);var Ee=globalThis,Re=Ee.ShadowRoot&&(Ee.ShadyCSS===void 0||Ee.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,He=Symbol(),ct=new WeakMap,ge=class{constructor(s,e,t){if(this._$cssResult$=!0,t!==He)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=s,this.t=e}get styleSheet(){let s=this.o,e=this.t;if(Re&&s===void 0){let t=e!==void 0&&e.length===1;t&&(s=ct.get(e)),s===void 0&&((this.o=s=new CSSStyleSheet).replaceSync(this.cssText),t&&ct.set(e,s))}return s}toString(){return this.cssText}},pt=o=>new ge(typeof o=="string"?o:o+"",void 0,He),$=(o,...s)=>{let e=o.length===1?o[0]:s.reduce((t,r,i)=>t+(a=>{if(a._$cssResult$===!0)return a.cssText;if(typeof a=="number")return a;throw Error("Value passed to 'css' function must be a 'css' function result: "+a+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(r)+o[i+1],o[0]);return new ge(e,o,He)},mt=(o,s)=>{if(Re)o.adoptedStyleSheets=s.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of s){let t=document.createElement("style"),r=Ee.litNonce;r!==void 0&&t.setAttribute("nonce",r),t.textContent=e.cssText,o.appendChild(t)}},je=Re?o=>o:o=>o instanceof CSSStyleSheet?(s=>{let e="";for(let t of s.cssRules)e+=t.cssText;return pt(e)})(o):o;var{is:yr,defineProperty:br,getOwnPropertyDescriptor:$r,getOwnPropertyNames:wr,getOwnPropertySymbols:xr,getPrototypeOf:kr}=Object,Pe=globalThis,ut=Pe.trustedTypes,Er=ut?ut.emptyScript:"",Rr=Pe.reactiveElementPolyfillSupport,_e=(o,s)=>o,ve={toAttribute(o,s){switch(s){case Boolean:o=o?Er:null;break;case Object:case Array:o=o==null?o:JSON.stringify(o)}return o},fromAttribute(o,s){let e=o;switch(s){case Boolean:e=o!==null;break;case Number:e=o===null?null:Number(o);break;case Object:case Array:try{e=JSON.parse(o)}catch{e=null}}return e}},Se=(o,s)=>!yr(o,s),ht={attribute:!0,type:String,converter:ve,reflect:!1,useDefault:!1,hasChanged:Se};Symbol.metadata??=Symbol("metadata"),Pe.litPropertyMetadata??=new WeakMap;var W=class extends HTMLElement{static addInitializer(s){this._$Ei(),(this.l??=[]).push(s)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(s,e=ht){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(s)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(s,e),!e.noAccessor){let t=Symbol(),r=this.getPropertyDescriptor(s,t,e);r!==void 0&&br(this.prototype,s,r)}}static getPropertyDescriptor(s,e,t){let{get:r,set:i}=$r(this.prototype,s)??{get(){return this[e]},set(a){this[e]=a}};return{get:r,set(a){let l=r?.call(this);i?.call(this,a),this.requestUpdate(s,l,t)},configurable:!0,enumerable:!0}}static getPropertyOptions(s){return this.elementProperties.get(s)??ht}static _$Ei(){if(this.hasOwnProperty(_e("elementProperties")))return;let s=kr(this);s.finalize(),s.l!==void 0&&(this.l=[...s.l]),this.elementProperties=new Map(s.elementProperties)}static finalize(){if(this.hasOwnProperty(_e("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(_e("properties"))){let e=this.properties,t=[...wr(e),...xr(e)];for(let r of t)this.createProperty(r,e[r])}let s=this[Symbol.metadata];if(s!==null){let e=litPropertyMetadata.get(s);if(e!==void 0)for(let[t,r]of e)this.elementProperties.set(t,r)}this._$Eh=new Map;for(let[e,t]of this.elementProperties){let r=this._$Eu(e,t);r!==void 0&&this._$Eh.set(r,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(s){let e=[];if(Array.isArray(s)){let t=new Set(s.flat(1/0).reverse());for(let r of t)e.unshift(je(r))}else s!==void 0&&e.push(je(s));return e}static _$Eu(s,e){let t=e.attribute;return t===!1?void 0:typeof t=="string"?t:typeof s=="string"?s.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(s=>this.enableUpdating=s),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(s=>s(this))}addController(s){(this._$EO??=new Set).add(s),this.renderRoot!==void 0&&this.isConnected&&s.hostConnected?.()}removeController(s){this._$EO?.delete(s)}_$E_(){let s=new Map,e=this.constructor.elementProperties;for(let t of e.keys())this.hasOwnProperty(t)&&(s.set(t,this[t]),delete this[t]);s.size>0&&(this._$Ep=s)}createRenderRoot(){let s=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return mt(s,this.constructor.elementStyles),s}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(s=>s.hostConnected?.())}enableUpdating(s){}disconnectedCallback(){this._$EO?.forEach(s=>s.hostDisconnected?.())}attributeChangedCallback(s,e,t){this._$AK(s,t)}_$ET(s,e){let t=this.constructor.elementProperties.get(s),r=this.constructor._$Eu(s,t);if(r!==void 0&&t.reflect===!0){let i=(t.converter?.toAttribute!==void 0?t.converter:ve).toAttribute(e,t.type);this._$Em=s,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(s,e){let t=this.constructor,r=t._$Eh.get(s);if(r!==void 0&&this._$Em!==r){let i=t.getPropertyOptions(r),a=typeof i.converter=="function"?{fromAttribute:i.converter}:i.converter?.fromAttribute!==void 0?i.converter:ve;this._$Em=r;let l=a.fromAttribute(e,i.type);this[r]=l??this._$Ej?.get(r)??l,this._$Em=null}}requestUpdate(s,e,t,r=!1,i){if(s!==void 0){let a=this.constructor;if(r===!1&&(i=this[s]),t??=a.getPropertyOptions(s),!((t.hasChanged??Se)(i,e)||t.useDefault&&t.reflect&&i===this._$Ej?.get(s)&&!this.hasAttribute(a._$Eu(s,t))))return;this.C(s,e,t)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(s,e,{useDefault:t,reflect:r,wrapped:i},a){t&&!(this._$Ej??=new Map).has(s)&&(this._$Ej.set(s,a??e??this[s]),i!==!0||a!==void 0)||(this._$AL.has(s)||(this.hasUpdated||t||(e=void 0),this._$AL.set(s,e)),r===!0&&this._$Em!==s&&(this._$Eq??=new Set).add(s))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let s=this.scheduleUpdate();return s!=null&&await s,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[r,i]of this._$Ep)this[r]=i;this._$Ep=void 0}let t=this.constructor.elementProperties;if(t.size>0)for(let[r,i]of t){let{wrapped:a}=i,l=this[r];a!==!0||this._$AL.has(r)||l===void 0||this.C(r,void 0,i,l)}}let s=!1,e=this._$AL;try{s=this.shouldUpdate(e),s?(this.willUpdate(e),this._$EO?.forEach(t=>t.hostUpdate?.()),this.update(e)):this._$EM()}catch(t){throw s=!1,this._$EM(),t}s&&this._$AE(e)}willUpdate(s){}_$AE(s){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(s)),this.updated(s)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(s){return!0}update(s){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(s){}firstUpdated(s){}};W.elementStyles=[],W.shadowRootOptions={mode:"open"},W[_e("elementProperties")]=new Map,W[_e("finalized")]=new Map,Rr?.({ReactiveElement:W}),(Pe.reactiveElementVersions??=[]).push("2.1.2");var Ge=globalThis,gt=o=>o,Te=Ge.trustedTypes,_t=Te?Te.createPolicy("lit-html",{createHTML:o=>o}):void 0,wt="$lit$",ee=`lit$${Math.random().toFixed(9).slice(2)}$`,xt="?"+ee,Pr=`<${xt}>`,ie=document,ye=()=>ie.createComment(""),be=o=>o===null||typeof o!="object"&&typeof o!="function",Ye=Array.isArray,Sr=o=>Ye(o)||typeof o?.[Symbol.iterator]=="function",ze=`[ 	
\f\r]`,fe=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,vt=/-->/g,ft=/>/g,re=RegExp(`>|${ze}(?:([^\\s"'>=/]+)(${ze}*=${ze}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),yt=/'/g,bt=/"/g,kt=/^(?:script|style|textarea|title)$/i,Xe=o=>(s,...e)=>({_$litType$:o,strings:s,values:e}),n=Xe(1),te=Xe(2),Et=Xe(3),oe=Symbol.for("lit-noChange"),c=Symbol.for("lit-nothing"),$t=new WeakMap,se=ie.createTreeWalker(ie,129);function Rt(o,s){if(!Ye(o)||!o.hasOwnProperty("raw"))throw Error("invalid template strings array");return _t!==void 0?_t.createHTML(s):s}var Tr=(o,s)=>{let e=o.length-1,t=[],r,i=s===2?"<svg>":s===3?"<math>":"",a=fe;for(let l=0;l<e;l++){let p=o[l],u,_,h=-1,f=0;for(;f<p.length&&(a.lastIndex=f,_=a.exec(p),_!==null);)f=a.lastIndex,a===fe?_[1]==="!--"?a=vt:_[1]!==void 0?a=ft:_[2]!==void 0?(kt.test(_[2])&&(r=RegExp("</"+_[2],"g")),a=re):_[3]!==void 0&&(a=re):a===re?_[0]===">"?(a=r??fe,h=-1):_[1]===void 0?h=-2:(h=a.lastIndex-_[2].length,u=_[1],a=_[3]===void 0?re:_[3]==='"'?bt:yt):a===bt||a===yt?a=re:a===vt||a===ft?a=fe:(a=re,r=void 0);let I=a===re&&o[l+1].startsWith("/>")?" ":"";i+=a===fe?p+Pr:h>=0?(t.push(u),p.slice(0,h)+wt+p.slice(h)+ee+I):p+ee+(h===-2?l:I)}return[Rt(o,i+(o[e]||"<?>")+(s===2?"</svg>":s===3?"</math>":"")),t]},$e=class o{constructor({strings:s,_$litType$:e},t){let r;this.parts=[];let i=0,a=0,l=s.length-1,p=this.parts,[u,_]=Tr(s,e);if(this.el=o.createElement(u,t),se.currentNode=this.el.content,e===2||e===3){let h=this.el.content.firstChild;h.replaceWith(...h.childNodes)}for(;(r=se.nextNode())!==null&&p.length<l;){if(r.nodeType===1){if(r.hasAttributes())for(let h of r.getAttributeNames())if(h.endsWith(wt)){let f=_[a++],I=r.getAttribute(h).split(ee),E=/([.?@])?(.*)/.exec(f);p.push({type:1,index:i,name:E[2],strings:I,ctor:E[1]==="."?Be:E[1]==="?"?qe:E[1]==="@"?Ke:ue}),r.removeAttribute(h)}else h.startsWith(ee)&&(p.push({type:6,index:i}),r.removeAttribute(h));if(kt.test(r.tagName)){let h=r.textContent.split(ee),f=h.length-1;if(f>0){r.textContent=Te?Te.emptyScript:"";for(let I=0;I<f;I++)r.append(h[I],ye()),se.nextNode(),p.push({type:2,index:++i});r.append(h[f],ye())}}}else if(r.nodeType===8)if(r.data===xt)p.push({type:2,index:i});else{let h=-1;for(;(h=r.data.indexOf(ee,h+1))!==-1;)p.push({type:7,index:i}),h+=ee.length-1}i++}}static createElement(s,e){let t=ie.createElement("template");return t.innerHTML=s,t}};function me(o,s,e=o,t){if(s===oe)return s;let r=t!==void 0?e._$Co?.[t]:e._$Cl,i=be(s)?void 0:s._$litDirective$;return r?.constructor!==i&&(r?._$AO?.(!1),i===void 0?r=void 0:(r=new i(o),r._$AT(o,e,t)),t!==void 0?(e._$Co??=[])[t]=r:e._$Cl=r),r!==void 0&&(s=me(o,r._$AS(o,s.values),r,t)),s}var Ue=class{constructor(s,e){this._$AV=[],this._$AN=void 0,this._$AD=s,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(s){let{el:{content:e},parts:t}=this._$AD,r=(s?.creationScope??ie).importNode(e,!0);se.currentNode=r;let i=se.nextNode(),a=0,l=0,p=t[0];for(;p!==void 0;){if(a===p.index){let u;p.type===2?u=new we(i,i.nextSibling,this,s):p.type===1?u=new p.ctor(i,p.name,p.strings,this,s):p.type===6&&(u=new We(i,this,s)),this._$AV.push(u),p=t[++l]}a!==p?.index&&(i=se.nextNode(),a++)}return se.currentNode=ie,r}p(s){let e=0;for(let t of this._$AV)t!==void 0&&(t.strings!==void 0?(t._$AI(s,t,e),e+=t.strings.length-2):t._$AI(s[e])),e++}},we=class o{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(s,e,t,r){this.type=2,this._$AH=c,this._$AN=void 0,this._$AA=s,this._$AB=e,this._$AM=t,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let s=this._$AA.parentNode,e=this._$AM;return e!==void 0&&s?.nodeType===11&&(s=e.parentNode),s}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(s,e=this){s=me(this,s,e),be(s)?s===c||s==null||s===""?(this._$AH!==c&&this._$AR(),this._$AH=c):s!==this._$AH&&s!==oe&&this._(s):s._$litType$!==void 0?this.$(s):s.nodeType!==void 0?this.T(s):Sr(s)?this.k(s):this._(s)}O(s){return this._$AA.parentNode.insertBefore(s,this._$AB)}T(s){this._$AH!==s&&(this._$AR(),this._$AH=this.O(s))}_(s){this._$AH!==c&&be(this._$AH)?this._$AA.nextSibling.data=s:this.T(ie.createTextNode(s)),this._$AH=s}$(s){let{values:e,_$litType$:t}=s,r=typeof t=="number"?this._$AC(s):(t.el===void 0&&(t.el=$e.createElement(Rt(t.h,t.h[0]),this.options)),t);if(this._$AH?._$AD===r)this._$AH.p(e);else{let i=new Ue(r,this),a=i.u(this.options);i.p(e),this.T(a),this._$AH=i}}_$AC(s){let e=$t.get(s.strings);return e===void 0&&$t.set(s.strings,e=new $e(s)),e}k(s){Ye(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,t,r=0;for(let i of s)r===e.length?e.push(t=new o(this.O(ye()),this.O(ye()),this,this.options)):t=e[r],t._$AI(i),r++;r<e.length&&(this._$AR(t&&t._$AB.nextSibling,r),e.length=r)}_$AR(s=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);s!==this._$AB;){let t=gt(s).nextSibling;gt(s).remove(),s=t}}setConnected(s){this._$AM===void 0&&(this._$Cv=s,this._$AP?.(s))}},ue=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(s,e,t,r,i){this.type=1,this._$AH=c,this._$AN=void 0,this.element=s,this.name=e,this._$AM=r,this.options=i,t.length>2||t[0]!==""||t[1]!==""?(this._$AH=Array(t.length-1).fill(new String),this.strings=t):this._$AH=c}_$AI(s,e=this,t,r){let i=this.strings,a=!1;if(i===void 0)s=me(this,s,e,0),a=!be(s)||s!==this._$AH&&s!==oe,a&&(this._$AH=s);else{let l=s,p,u;for(s=i[0],p=0;p<i.length-1;p++)u=me(this,l[t+p],e,p),u===oe&&(u=this._$AH[p]),a||=!be(u)||u!==this._$AH[p],u===c?s=c:s!==c&&(s+=(u??"")+i[p+1]),this._$AH[p]=u}a&&!r&&this.j(s)}j(s){s===c?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,s??"")}},Be=class extends ue{constructor(){super(...arguments),this.type=3}j(s){this.element[this.name]=s===c?void 0:s}},qe=class extends ue{constructor(){super(...arguments),this.type=4}j(s){this.element.toggleAttribute(this.name,!!s&&s!==c)}},Ke=class extends ue{constructor(s,e,t,r,i){super(s,e,t,r,i),this.type=5}_$AI(s,e=this){if((s=me(this,s,e,0)??c)===oe)return;let t=this._$AH,r=s===c&&t!==c||s.capture!==t.capture||s.once!==t.once||s.passive!==t.passive,i=s!==c&&(t===c||r);r&&this.element.removeEventListener(this.name,this,t),i&&this.element.addEventListener(this.name,this,s),this._$AH=s}handleEvent(s){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,s):this._$AH.handleEvent(s)}},We=class{constructor(s,e,t){this.element=s,this.type=6,this._$AN=void 0,this._$AM=e,this.options=t}get _$AU(){return this._$AM._$AU}_$AI(s){me(this,s)}};var Ar=Ge.litHtmlPolyfillSupport;Ar?.($e,we),(Ge.litHtmlVersions??=[]).push("3.3.3");var Pt=(o,s,e)=>{let t=e?.renderBefore??s,r=t._$litPart$;if(r===void 0){let i=e?.renderBefore??null;t._$litPart$=r=new we(s.insertBefore(ye(),i),i,void 0,e??{})}return r._$AI(o),r};var Ze=globalThis,S=class extends W{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let s=super.createRenderRoot();return this.renderOptions.renderBefore??=s.firstChild,s}update(s){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(s),this._$Do=Pt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return oe}};S._$litElement$=!0,S.finalized=!0,Ze.litElementHydrateSupport?.({LitElement:S});var Cr=Ze.litElementPolyfillSupport;Cr?.({LitElement:S});(Ze.litElementVersions??=[]).push("4.2.2");var w=o=>(s,e)=>{e!==void 0?e.addInitializer(()=>{customElements.define(o,s)}):customElements.define(o,s)};var Ir={attribute:!0,type:String,converter:ve,reflect:!1,hasChanged:Se},Mr=(o=Ir,s,e)=>{let{kind:t,metadata:r}=e,i=globalThis.litPropertyMetadata.get(r);if(i===void 0&&globalThis.litPropertyMetadata.set(r,i=new Map),t==="setter"&&((o=Object.create(o)).wrapped=!0),i.set(e.name,o),t==="accessor"){let{name:a}=e;return{set(l){let p=s.get.call(this);s.set.call(this,l),this.requestUpdate(a,p,o,!0,l)},init(l){return l!==void 0&&this.C(a,void 0,o,l),l}}}if(t==="setter"){let{name:a}=e;return function(l){let p=this[a];s.call(this,l),this.requestUpdate(a,p,o,!0,l)}}throw Error("Unsupported decorator location: "+t)};function v(o){return(s,e)=>typeof e=="object"?Mr(o,s,e):((t,r,i)=>{let a=r.hasOwnProperty(i);return r.constructor.createProperty(i,t),a?Object.getOwnPropertyDescriptor(r,i):void 0})(o,s,e)}function m(o){return v({...o,state:!0,attribute:!1})}var ne=(o,s,e)=>(e.configurable=!0,e.enumerable=!0,Reflect.decorate&&typeof s!="object"&&Object.defineProperty(o,s,e),e);function ae(o,s){return(e,t,r)=>{let i=a=>a.renderRoot?.querySelector(o)??null;if(s){let{get:a,set:l}=typeof t=="object"?e:r??(()=>{let p=Symbol();return{get(){return this[p]},set(u){this[p]=u}}})();return ne(e,t,{get(){let p=a.call(this);return p===void 0&&(p=i(this),(p!==null||this.hasUpdated)&&l.call(this,p)),p}})}return ne(e,t,{get(){return i(this)}})}}var Tt=Symbol.for(""),Or=o=>{if(o?.r===Tt)return o?._$litStatic$},At=o=>({_$litStatic$:o,r:Tt});var St=new Map,Je=o=>(s,...e)=>{let t=e.length,r,i,a=[],l=[],p,u=0,_=!1;for(;u<t;){for(p=s[u];u<t&&(i=e[u],(r=Or(i))!==void 0);)p+=r+s[++u],_=!0;u!==t&&l.push(i),a.push(p),u++}if(u===t&&a.push(s[t]),_){let h=a.join("$$lit$$");(s=St.get(h))===void 0&&(a.raw=a,St.set(h,s=a)),e=l}return o(s,...e)},Ct=Je(n),gi=Je(te),_i=Je(Et);function It(o){let s={};for(let[e,t]of Object.entries(o))t===void 0||t===""||(s[e]=t);return s}var Ae=class{constructor(s){this.hass=s}call(s,e){let t={...It(e),type:s};return this.hass.callWS(t)}subscribe(s,e,t){let r={...It(e),type:s};return this.hass.connection.subscribeMessage(t,r)}};var Lr=["live","gates.open","alarms.acknowledge","visitors","parking.gate","people","records","records.export_full","trajectory","strangers","parking","devices","devices.import"];var Mt=["face_capture","recognition","plate_read","door_open","turnstile_open","barrier_open","denial","alert","alarm","patrol_check_in"];var Ot=["owner","family","tenant","staff","guard"];var Lt=["blue","yellow","green","white","black","yellow_green"];var Ce=["none","watch_list","black_list"];var Dt=["csv","xlsx"];var Nt=[{id:"live",permission:"live"},{id:"people",permission:"people"},{id:"visitors",permission:"visitors"},{id:"records",permission:"records"},{id:"trajectory",permission:"trajectory"},{id:"strangers",permission:"strangers"},{id:"parking",permission:"parking"},{id:"devices",permission:"devices"}];var $i={guard:["live","gates.open","alarms.acknowledge","visitors","parking.gate"],manager:["live","gates.open","alarms.acknowledge","visitors","parking.gate","people","records","trajectory","strangers","parking","devices"],admin:[...Lr]};var Dr={invalid_id_number:"id_number",invalid_mobile:"mobile",invalid_plate:"plate",invalid_plate_color:"color",unknown_building:"building",unknown_unit:"unit",invalid_room:"room",duplicate_card:"cards",duplicate_plate:"plate",unknown_vehicle:"plate",unknown_gate:"gates",overlapping_pass:"valid_from",already_inside:"plate",not_inside:"plate",image_too_large:"image",invalid_image:"image",no_face_in_photo:"image",file_too_large:"data",register_unreadable:"data",person_or_cluster:"person_id",invalid_cursor:"cursor",unknown_cluster:"cluster_id",same_cluster:"into",unknown_device:"device"},Nr={tenancy:"move_out",visit:"valid_until",monthly_pass:"monthly_pass_until",address:"building",id:"person_id",time:"start",data:"data"},Fr=/@ data\['([A-Za-z0-9_]+)'\]/;function Hr(o){return typeof o=="object"&&o!==null&&"code"in o&&"message"in o}function jr(o,s){if(o==null)return!1;let e=Array.isArray(o)?o:[o],t=s.replace(/\s/g,"").toUpperCase();return e.some(r=>String(r).replace(/\s/g,"").toUpperCase()===t&&t!=="")}function zr(o,s){let e=o.translation_placeholders??{},t=r=>r!==void 0&&r in s?r:null;if(e.field){let r=t(e.field)??t(Nr[e.field]);if(r)return r}if(o.code==="invalid_format"){let r=Fr.exec(o.message);if(r)return t(r[1])}for(let[r,i]of Object.entries(e)){if(r==="field"||typeof i!="string")continue;let a=Object.keys(s).find(l=>jr(s[l],i));if(a)return a}return o.translation_key?t(Dr[o.translation_key]):null}function Ft(o,s={}){if(!Hr(o)){let r=o instanceof Error?o.message:String(o);return{code:"unknown_error",key:null,placeholders:{},message:r,field:null}}let e={};for(let[r,i]of Object.entries(o.translation_placeholders??{}))e[r]=String(i);let t=o.translation_key??null;return t===null&&o.code==="unauthorized"&&(t="permission_denied"),t===null&&o.code==="invalid_format"&&(t="invalid_format",e.detail=o.message),t===null&&o.code==="unknown_command"&&(t="backend_missing"),{code:o.code,key:t,placeholders:e,message:o.message,field:zr(o,s)}}var Ie={"alarm.falling_object":"Falling object","alarm.forced":"Forced open","alarm.manhole":"Manhole cover","alarm.perimeter":"Perimeter intrusion","alarm.smoke":"Smoke","alarm.tailgating":"Tailgating","alarm.tamper":"Tamper","column.address":"Transport address","column.building":"Building","column.camera_function":"Camera function","column.camera_type":"Camera type","column.code":"Device code","column.device_kind":"Device kind","column.direction":"Direction","column.division":"Division","column.gate":"Gate","column.indoor_outdoor":"Indoor / outdoor","column.install_address":"Installation address","column.install_date":"Installed","column.ipv4":"IPv4 address","column.lane":"Lane","column.latitude":"Latitude","column.longitude":"Longitude","column.maintenance_phone":"Maintainer phone","column.maintenance_unit":"Maintained by","column.management_phone":"Manager phone","column.management_unit":"Managed by","column.manufacturer":"Manufacturer","column.name":"Device name","column.networked":"Network","column.point_type":"Point type","column.police_org":"Police organisation","column.position_type":"Position type","column.power_supply":"Power supply","column.resolution":"Resolution","column.retention_days":"Retention days","column.status":"Status","column.transport":"Transport","column.unit":"Unit","common.any":"Any","common.close":"Close","common.confirm":"Confirm","common.edit":"Edit","common.loading":"Loading…","common.more":"More","common.next":"Next","common.offline":"Offline","common.online":"Online","common.page":"Page {page}","common.previous":"Previous","common.remove":"Remove","common.retry":"Retry","common.save":"Save","common.unknown":"Unknown","decision.alert":"Alert","decision.allow":"Allowed","decision.deny":"Denied","devices.accept_good_rows":"Import the good rows, skip the rows with problems","devices.compliance":"Acceptance checklist","devices.compliant":"Compliant","devices.evidence":"Evidence ({count})","devices.export_csv":"Export register (CSV)","devices.export_police":"Police export (XLSX)","devices.export_xlsx":"Export register (Excel)","devices.exported":"{rows} rows exported to {file}.","devices.file":"file","devices.import":"Import a register file","devices.import_admin_only":"Only administrators may import a register.","devices.import_button":"Import","devices.import_hint":"The file is checked first: every problem is shown on its cell and nothing is imported until you confirm.","devices.imported":"Imported: {added} added, {updated} changed, {removed} removed ({problems} rows skipped).","devices.missing":"Missing:","devices.not_compliant":"{count} open items","devices.not_imported":"Nothing was imported: {problems} problems.","devices.online":"Online","devices.only_problems":"Only rows with problems","devices.police_columns_note":"* columns the integration needs beyond the standard's 25 (not in the police export).","devices.preview_absent":"{count} not in the file","devices.preview_added":"{count} new","devices.preview_problems":"{problems} problems","devices.preview_rows":"{rows} rows","devices.preview_unchanged":"{count} unchanged","devices.preview_updated":"{count} changed","devices.register":"Device register (一机一档)","devices.register_file":"Register file (.csv or .xlsx)","devices.replace":"Remove devices that are not in the file","devices.row":"row {row}","devices.row_heading":"Row","devices.summary":"{devices} devices, {problems} problems","devices.tab_compliance":"Compliance","devices.tab_import":"Import","devices.tab_register":"Register","error.admin_required":"Only administrators may export unmasked records.","error.already_inside":"{plate} is already parked inside.","error.backend_missing":"The console's backend is not available in this Home Assistant (update the integration).","error.cannot_connect":"Cannot connect to the records database {url}.","error.command_failed":"{device} did not acknowledge {command}: {reason}","error.corrupt_registry":"The people registry file cannot be read ({reason}).","error.duplicate_card":"Card {card} already belongs to {person_id}.","error.duplicate_person":"That person is already registered as {person_id}.","error.duplicate_plate":"Plate {plate} is already registered.","error.file_too_large":"The file is larger than 2 MB.","error.gate_not_openable":"{device} is not a turnstile, barrier or door terminal.","error.image_too_large":"The picture is too large.","error.invalid_cursor":"Paging cursor {cursor} is not valid.","error.invalid_field":"{field} is not valid here.","error.invalid_format":"The request was refused: {detail}","error.invalid_id_number":"Not a valid resident ID number (GB 11643): {reason}.","error.invalid_image":"Not a readable picture.","error.invalid_mobile":"{number} is not a mainland mobile number.","error.invalid_period":"The {field} period ends before it starts.","error.invalid_plate":"{plate} is not a valid plate number.","error.invalid_plate_color":"Unknown plate colour {color}.","error.invalid_query":"The search's {field} is not valid.","error.invalid_room":"Room {room} is not a room number (floor + two-digit door, e.g. 1502).","error.missing_field":"{field} is required.","error.no_command_transport":"{device} cannot take commands: its transport {transport} is not connected.","error.no_face_in_photo":"No face found in the photo.","error.not_a_visitor":"{person_id} is not a visitor.","error.not_inside":"{plate} is not parked inside.","error.nothing_to_collect":"Nothing is owed for this stay.","error.overlapping_pass":"{person_id} already has a pass from {valid_from} to {valid_until} that overlaps.","error.pass_already_revoked":"The pass of {person_id} is already revoked.","error.permission_denied":"Your Home Assistant user may not do this.","error.person_in_use":"{person_id} is still referenced by {by}.","error.person_or_cluster":"Give either a person or a face cluster.","error.recognition_unavailable":"Recognition is not running for {community} (models missing).","error.register_has_problems":"The register has {count} problems and nothing was imported (first: {first}). Fix the file, or import the good rows only.","error.register_unreadable":"The register file cannot be read: {reason}","error.same_cluster":"Choose another stranger to merge into.","error.unknown_building":"Building {building} is not in the register.","error.unknown_cluster":"No stranger {cluster_id}.","error.unknown_community":"No loaded community {community}.","error.unknown_device":"No device {device} in the register.","error.unknown_export_format":"Records export needs .csv or .xlsx, not {suffix}.","error.unknown_gate":"Gate {gate} is not in the register.","error.unknown_person":"No registered person {person_id}.","error.unknown_photo":"{person_id} has no enrolled photo {photo_id}.","error.unknown_record":"No record {record_id}.","error.unknown_session":"No parking stay {session_id}.","error.unknown_unit":"Building {building} has no unit {unit} in the register.","error.unknown_vehicle":"No registered vehicle {plate}.","error.vehicle_present":"{device} stays open: a vehicle is on the detector.","falling.band":" (floors {low}–{high})","falling.confidence":", confidence {pct} %","falling.origin":"about floor {floor}{band}, window column {column}{confidence}","falling.short":"floor {floor}, column {column}","field_name.address":"address","field_name.care":"care profile","field_name.emergency_contact_mobile":"emergency contact mobile","field_name.end":"end time","field_name.id":"person ID","field_name.inactivity_hours":"inactivity hours","field_name.kind":"kind","field_name.limit":"page size","field_name.monthly_pass":"monthly pass","field_name.move_in":"move-in date","field_name.move_out":"move-out date","field_name.name":"name","field_name.reason":"reason","field_name.start":"start time","field_name.tenancy":"tenancy","field_name.visit":"visit","gate_kind.access_terminal":"Door terminal","gate_kind.barrier":"Barrier","gate_kind.turnstile":"Turnstile","gate_state.closed":"closed","gate_state.open":"open","gate_state.unknown":"state unknown","image.clip":"Video clip","image.face":"Face","image.plate":"Plate","image.scene":"Scene","image.vehicle":"Vehicle","live.acknowledge":"Acknowledge","live.alarms":"Open alarms","live.connected":"live","live.disconnected":"not connected","live.entries_today":"entries today","live.exits_today":"exits today","live.feed":"Live feed","live.filter_alarms":"Alarms","live.filter_all":"All","live.filter_people":"People","live.filter_vehicles":"Vehicles","live.free_spaces":"free spaces","live.gate_opened":"Opened by {user}","live.gates":"Gates","live.no_alarms":"No open alarms.","live.no_gates":"No gates in the register.","live.open_alarms":"open alarms","live.open_gate":"Open","live.people_inside":"people inside","live.visitors_inside":"visitors inside","live.waiting":"Waiting for events…","method.face":"face","method.fingerprint":"fingerprint","method.ic_card":"IC card","method.id_card":"ID card","method.plate":"plate","method.qr":"QR code","method.remote":"remote","method.voiceprint":"voiceprint","panel.community":"Community","panel.menu":"Menu","panel.no_community":"No community is set up yet: add the Smart Safe Community integration first.","panel.title":"Smart community","panel.views":"Views","parking.car_entered":"{plate} is inside.","parking.cars_inside":"Cars inside","parking.collect":"Collect","parking.collected":"{amount} collected for {plate}.","parking.daily_cap":" At most {cap} a day.","parking.duration":"Parked","parking.enter_free":"Free (no fee)","parking.entered":"Entered","parking.fee":"Fee","parking.fee_due":"Fee due","parking.free":"free","parking.free_spaces":"free spaces","parking.gate":"Gate","parking.inside":"cars inside","parking.kind":"Kind","parking.leave_owing":"Let out, fee owed","parking.left":"Left","parking.let_in":"Let in","parking.manual_entry":"Let a car in by hand","parking.night_rate":" Night ({start}–{end}): {rate} per hour.","parking.no_cars":"No cars inside.","parking.no_sessions":"No stays.","parking.paid":"paid","parking.paid_and_leave":"Paid: let out","parking.plate":"Plate","parking.sessions":"Past stays","parking.settle":"Settle","parking.settle_heading":"Settle {plate}","parking.settle_hint":"The barrier opens either way; an unpaid fee is kept under unpaid fees.","parking.settled":"{plate} left: fee {fee}, paid {paid}, unpaid {unpaid}.","parking.spaces":"spaces","parking.tariff":"Temporary cars: {rate} per started hour after {free} free minutes.","parking.unpaid":"Unpaid","parking.unpaid_only":"Unpaid only","parking.unpaid_total":"unpaid fees","parking_kind.monthly_pass":"monthly pass","parking_kind.own_space":"own space","parking_kind.temporary":"temporary","parking_kind.visitor":"visitor","pass_status.active":"Active","pass_status.expired":"Expired","pass_status.revoked":"Revoked","pass_status.upcoming":"Upcoming","people.add":"Add a person","people.add_family":"Add family member","people.add_tenant":"Add tenant","people.add_vehicle":"Add vehicle","people.address":"{building}-{unit}-{room}","people.address_heading":"Address","people.building":"Building {building}","people.building_label":"Building","people.cards":"Cards (comma separated)","people.care":"Care","people.care_hint":"Empty: not a care resident.","people.care_residents":"Care residents","people.edit":"Edit {name}","people.emergency_contact_mobile":"Emergency contact mobile","people.emergency_contact_name":"Emergency contact","people.everyone":"Everyone","people.faces":"Face photos","people.faces_removed":"{count} face records deleted.","people.household":"Household","people.household_none":"Nobody else registered in this room.","people.id_number":"ID number","people.inactivity_hours":"Care: alert after hours unseen","people.last_seen":"Last seen","people.masked_hint":"Stored numbers are masked: type the full number only to change it.","people.mobile":"Mobile","people.monthly_pass_from":"Monthly pass from","people.monthly_pass_until":"monthly pass until {date}","people.monthly_pass_until_label":"Monthly pass until","people.move_in":"Move-in date","people.move_out":"Move out","people.move_out_date":"Move-out date","people.move_out_text":"Access for {name} ends after the move-out date. The records stay.","people.moved_out":"{name} moves out; access ends after the move-out date.","people.name":"Name","people.naming_stranger":"After saving, {stranger}'s face belongs to this person.","people.never_seen":"never seen","people.none":"Nobody registered here.","people.overdue":"not seen for too long","people.parking_space":"Parking space","people.person_id":"Person ID","people.person_id_auto":"assigned when empty","people.photos":"Face photos ({count} enrolled)","people.plate":"Plate","people.plate_color":"Plate colour","people.remove":"Remove","people.remove_faces":"Delete face data","people.remove_text":"Remove {name} from the registry? Their face data is deleted; the records stay.","people.removed":"{name} was removed from the registry.","people.role":"Role","people.room":"Room {room}","people.room_label":"Room","people.saved":"{name} saved.","people.search":"Search people","people.search_placeholder":"Name, ID, plate or card","people.space":"space {space}","people.tenant_hint":"Tenants: required.","people.threshold":"alert after {hours} h","people.unit":"Unit {unit}","people.unit_label":"Unit","people.vehicles":"Vehicles and monthly passes","people.watch_list":"Watch list","people.watch_reason":"Reason","people.without_address":"Staff and guards","photo.accepted":"Accepted","photo.from_camera":"Take photo","photo.from_file":"Choose photo","photo.rejected":"Rejected","photo.similar_to":"Looks like {name} ({similarity} %): check it is the right person.","photo.uploading":"Checking…","photo_reason.enrolled":"enrolled","photo_reason.near_duplicate":"already enrolled (the same photo)","photo_reason.no_face":"no face found","photo_reason.poor_quality":"poor quality","photo_reason.several_faces":"{faces} faces in the photo: use a photo of one person","photo_reason.too_large":"picture too large","photo_reason.unreadable":"not a readable picture","plate_color.black":"black","plate_color.blue":"blue","plate_color.green":"green (new energy)","plate_color.white":"white","plate_color.yellow":"yellow","plate_color.yellow_green":"yellow-green","quality.blurred":"blurred","quality.low_detector_score":"face unclear","quality.tilted":"head tilted up or down","quality.too_small":"face too small","quality.turned":"face turned aside","reason.black_list":"black list","reason.exit":"exit","reason.fee_unpaid":"fee unpaid","reason.gate_not_allowed":"gate not allowed","reason.look_again":"look at the camera again","reason.low_similarity":"similarity too low","reason.match_not_verified":"face match not verified","reason.monthly_pass":"monthly pass","reason.monthly_pass_expired":"monthly pass expired","reason.no_entry_record":"no entry record","reason.no_monthly_pass":"no monthly pass","reason.not_live":"liveness not confirmed","reason.outside_hours":"outside allowed hours","reason.parking_space":"own parking space","reason.pass_expired":"pass expired","reason.pass_not_yet_valid":"pass not yet valid","reason.plate_uncertain":"plate not read with certainty","reason.re_entry":"already inside","reason.resident":"resident","reason.staff":"staff","reason.temporary_parking":"temporary parking","reason.tenancy_not_started":"tenancy not started","reason.tenant_moved_out":"tenant moved out","reason.unknown_person":"unknown person","reason.unknown_plate":"unknown plate","reason.visitor_pass":"visitor pass","reason.watch_list":"watch list","reason.wrong_unit":"not their unit","record.acknowledged":"Acknowledged","record.alarm":"Alarm","record.decision":"Decision","record.method":"Method","record.not_this_person":"Not this person","record.not_this_person_done":"Removed from {name}: the capture is now {stranger}, and this face will not be matched to {name} again.","record.open_records":"All records","record.open_trajectory":"Trajectory","record.origin":"Thrown from","record.plate":"Plate","record.similarity":"Similarity","record.time":"Time","record.where":"Where","record.who":"Who","record_kind.alarm":"Alarm","record_kind.alert":"Watch-list alert","record_kind.barrier_open":"Barrier opened","record_kind.denial":"Denied","record_kind.door_open":"Door opened","record_kind.face_capture":"Face capture","record_kind.patrol_check_in":"Patrol check-in","record_kind.plate_read":"Plate read","record_kind.recognition":"Recognition","record_kind.turnstile_open":"Turnstile passage","records.device":"Device","records.end":"Until","records.export_csv":"Export CSV","records.export_full":"Unmasked (admin)","records.export_xlsx":"Export Excel","records.exported_full":"{rows} records exported to {file}, unmasked: keep the file safe.","records.exported_masked":"{rows} records exported to {file} (ID numbers and mobiles masked).","records.face_is":"Registered as {name} (similarity {similarity} %).","records.face_matches":"{count} captures found.","records.face_search":"Search by face photo","records.face_search_hint":"Upload a photo or take one: every capture of that face is listed, strangers included.","records.face_unknown":"Not a registered person.","records.faces_in_photo":"{count} face(s) in the photo; the largest is searched.","records.kind":"Kind","records.none":"No records match.","records.person":"Person ID","records.pictures":"Pictures","records.plate":"Plate","records.results":"Records","records.search":"Search","records.start":"From","records.stranger":"Stranger (cluster)","role.family":"family member","role.guard":"guard","role.owner":"owner","role.staff":"staff","role.tenant":"tenant","role.visitor":"visitor","role_console.admin":"Administrator","role_console.guard":"Guard","role_console.manager":"Manager","stranger.number":"Stranger #{number}","strangers.first_seen":"First seen","strangers.last_seen":"Last seen","strangers.merge":"Merge","strangers.merge_into":"Merge into","strangers.merged":"{stranger} merged into {into}.","strangers.name":"Name","strangers.named":"{stranger} is now {name}.","strangers.new_resident":"New resident","strangers.new_visitor":"New visitor","strangers.none":"No unknown faces.","strangers.not_this_person":"Not this person: take this picture out","strangers.or_register":"Or register a new person with this face:","strangers.person":"Registered person","strangers.places":"Places","strangers.sample_removed":"The picture was taken out (now {stranger}); it is kept as a negative example.","strangers.sort":"Sort by","strangers.sort_last_seen":"last seen","strangers.sort_visits":"visits","strangers.visits":"{count} visits","strangers.watch":"Watch list","strangers.watch_only":"Watch list only","tier.high":"High (高配)","tier.medium":"Medium (中配)","tier.standard":"Standard (标配)","trajectory.choose":"Choose a person or a stranger.","trajectory.none":"Not seen in this period.","trajectory.plan":"Site plan","trajectory.show":"Show trajectory","trajectory.timeline":"Timeline","trajectory.unplaced":"Not on the plan (no coordinates in the register): {devices}","view.devices":"Devices","view.live":"Live","view.parking":"Parking","view.people":"People","view.records":"Records","view.strangers":"Strangers","view.trajectory":"Trajectory","view.visitors":"Visitors","visitors.all_gates":"every gate","visitors.gates":"Gates","visitors.gates_hint":"None ticked: every gate.","visitors.host":"Host","visitors.issue":"Issue a visitor pass","visitors.issue_button":"Issue pass","visitors.name":"Visitor's name","visitors.naming_stranger":"After issuing, {stranger}'s face belongs to this visitor.","visitors.none":"No passes.","visitors.pass_of":"Pass of {name}","visitors.plate":"Plate","visitors.qr_label":"QR code of the pass of {name}","visitors.revoke":"Revoke","visitors.revoked":"The pass of {name} was revoked.","visitors.show_qr":"QR code","visitors.valid_from":"Valid from","visitors.valid_until":"Valid until","visitors.window":"Valid","watch.black_list":"Black list","watch.none":"Not listed","watch.watch_list":"Watch list"};var Ht={"alarm.falling_object":"高空抛物","alarm.forced":"强行开门","alarm.manhole":"井盖","alarm.perimeter":"周界入侵","alarm.smoke":"烟感","alarm.tailgating":"尾随","alarm.tamper":"防拆","column.address":"接入地址","column.building":"楼栋","column.camera_function":"摄像机功能类型","column.camera_type":"摄像机类型","column.code":"设备编码","column.device_kind":"设备种类","column.direction":"监视方位","column.division":"行政区域","column.gate":"出入口","column.indoor_outdoor":"安装位置","column.install_address":"安装地址","column.install_date":"安装时间","column.ipv4":"IPV4地址","column.lane":"车道","column.latitude":"纬度","column.longitude":"经度","column.maintenance_phone":"维护单位联系方式","column.maintenance_unit":"维护单位","column.management_phone":"管理单位联系方式","column.management_unit":"管理单位","column.manufacturer":"设备厂商","column.name":"设备名称","column.networked":"联网属性","column.point_type":"监控点位类型","column.police_org":"所属辖区公安机关","column.position_type":"摄像机位置类型","column.power_supply":"取电方式","column.resolution":"摄像机分辨率","column.retention_days":"录像保存天数","column.status":"设备状态","column.transport":"接入方式","column.unit":"单元","common.any":"全部","common.close":"关闭","common.confirm":"确认","common.edit":"编辑","common.loading":"加载中…","common.more":"更多","common.next":"下一页","common.offline":"离线","common.online":"在线","common.page":"第 {page} 页","common.previous":"上一页","common.remove":"删除","common.retry":"重试","common.save":"保存","common.unknown":"未知","decision.alert":"告警","decision.allow":"放行","decision.deny":"拒绝","devices.accept_good_rows":"导入正确的行，跳过有问题的行","devices.compliance":"验收检查清单","devices.compliant":"符合","devices.evidence":"依据({count})","devices.export_csv":"导出登记表(CSV)","devices.export_police":"公安一机一档导出(XLSX)","devices.export_xlsx":"导出登记表(Excel)","devices.exported":"已导出 {rows} 行到 {file}。","devices.file":"文件","devices.import":"导入设备登记表","devices.import_admin_only":"只有管理员可以导入登记表。","devices.import_button":"导入","devices.import_hint":"先检查文件：每个问题显示在对应单元格上，确认前不会导入任何内容。","devices.imported":"已导入：新增 {added}，修改 {updated}，删除 {removed}(跳过 {problems} 个问题)。","devices.missing":"缺少：","devices.not_compliant":"{count} 项未满足","devices.not_imported":"未导入：有 {problems} 个问题。","devices.online":"在线","devices.only_problems":"只看有问题的行","devices.police_columns_note":"* 为标准 25 列之外集成所需的列(不在公安导出中)。","devices.preview_absent":"文件中缺少 {count}","devices.preview_added":"新增 {count}","devices.preview_problems":"{problems} 个问题","devices.preview_rows":"{rows} 行","devices.preview_unchanged":"未变 {count}","devices.preview_updated":"修改 {count}","devices.register":"设备一机一档","devices.register_file":"登记表文件(.csv 或 .xlsx)","devices.replace":"删除文件中没有的设备","devices.row":"第 {row} 行","devices.row_heading":"行","devices.summary":"{devices} 台设备，{problems} 个问题","devices.tab_compliance":"验收检查","devices.tab_import":"导入","devices.tab_register":"一机一档","error.admin_required":"只有管理员可以导出未脱敏的记录。","error.already_inside":"{plate} 已在场内。","error.backend_missing":"此 Home Assistant 中没有控制台后端(请更新集成)。","error.cannot_connect":"无法连接记录数据库 {url}。","error.command_failed":"{device} 未确认指令 {command}：{reason}","error.corrupt_registry":"人员登记文件无法读取({reason})。","error.duplicate_card":"卡号 {card} 已属于 {person_id}。","error.duplicate_person":"该人员已登记为 {person_id}。","error.duplicate_plate":"车牌 {plate} 已登记。","error.file_too_large":"文件超过 2 MB。","error.gate_not_openable":"{device} 不是闸机、道闸或门禁终端。","error.image_too_large":"图片过大。","error.invalid_cursor":"分页游标 {cursor} 无效。","error.invalid_field":"{field}的值无效。","error.invalid_format":"请求被拒绝：{detail}","error.invalid_id_number":"身份证号码无效(GB 11643)：{reason}。","error.invalid_image":"无法读取的图片。","error.invalid_mobile":"{number} 不是有效的大陆手机号码。","error.invalid_period":"{field}的结束时间早于开始时间。","error.invalid_plate":"{plate} 不是有效的车牌号码。","error.invalid_plate_color":"未知的车牌颜色 {color}。","error.invalid_query":"查询条件 {field} 无效。","error.invalid_room":"房号 {room} 无效(楼层加两位门牌，如 1502)。","error.missing_field":"缺少必填项：{field}。","error.no_command_transport":"{device} 无法接收指令：接入方式 {transport} 未连接。","error.no_face_in_photo":"照片中未检测到人脸。","error.not_a_visitor":"{person_id} 不是访客。","error.not_inside":"{plate} 不在场内。","error.nothing_to_collect":"此次停车没有欠费。","error.overlapping_pass":"{person_id} 已有 {valid_from} 至 {valid_until} 的通行证，时间重叠。","error.pass_already_revoked":"{person_id} 的通行证已撤销。","error.permission_denied":"您的 Home Assistant 用户无权执行此操作。","error.person_in_use":"{person_id} 仍被 {by} 引用。","error.person_or_cluster":"请指定人员或陌生人之一。","error.recognition_unavailable":"{community} 的识别未运行(缺少模型)。","error.register_has_problems":"登记表有 {count} 个问题，未导入任何内容(第一个：{first})。请修正文件，或只导入正确的行。","error.register_unreadable":"无法读取登记表文件：{reason}","error.same_cluster":"请选择另一个陌生人进行合并。","error.unknown_building":"一机一档中没有 {building} 栋。","error.unknown_cluster":"没有陌生人 {cluster_id}。","error.unknown_community":"没有已加载的小区 {community}。","error.unknown_device":"一机一档中没有设备 {device}。","error.unknown_export_format":"记录导出只支持 .csv 或 .xlsx，不支持 {suffix}。","error.unknown_gate":"一机一档中没有出入口 {gate}。","error.unknown_person":"没有登记的人员 {person_id}。","error.unknown_photo":"{person_id} 没有已登记的照片 {photo_id}。","error.unknown_record":"没有记录 {record_id}。","error.unknown_session":"没有停车记录 {session_id}。","error.unknown_unit":"一机一档中 {building} 栋没有 {unit} 单元。","error.unknown_vehicle":"没有登记的车辆 {plate}。","error.vehicle_present":"{device} 保持开启：检测器上有车辆。","falling.band":"（{low}-{high} 层）","falling.confidence":"，置信度 {pct}%","falling.origin":"约 {floor} 层{band}第 {column} 列窗户{confidence}","falling.short":"{floor} 层第 {column} 列","field_name.address":"住址","field_name.care":"关爱信息","field_name.emergency_contact_mobile":"紧急联系人手机","field_name.end":"结束时间","field_name.id":"人员编号","field_name.inactivity_hours":"未出现告警小时数","field_name.kind":"类型","field_name.limit":"每页条数","field_name.monthly_pass":"月卡","field_name.move_in":"入住日期","field_name.move_out":"搬离日期","field_name.name":"姓名","field_name.reason":"原因","field_name.start":"开始时间","field_name.tenancy":"租期","field_name.visit":"访问时段","gate_kind.access_terminal":"门禁终端","gate_kind.barrier":"道闸","gate_kind.turnstile":"人行闸机","gate_state.closed":"已关","gate_state.open":"已开","gate_state.unknown":"状态未知","image.clip":"视频证据","image.face":"人脸","image.plate":"车牌","image.scene":"全景","image.vehicle":"车辆","live.acknowledge":"确认处理","live.alarms":"未处理报警","live.connected":"实时连接","live.disconnected":"未连接","live.entries_today":"今日进入","live.exits_today":"今日离开","live.feed":"实时动态","live.filter_alarms":"报警","live.filter_all":"全部","live.filter_people":"人员","live.filter_vehicles":"车辆","live.free_spaces":"空余车位","live.gate_opened":"已由 {user} 开启","live.gates":"出入口","live.no_alarms":"没有未处理的报警。","live.no_gates":"一机一档中没有出入口设备。","live.open_alarms":"未处理报警","live.open_gate":"开门","live.people_inside":"场内人数","live.visitors_inside":"场内访客","live.waiting":"等待事件…","method.face":"人脸","method.fingerprint":"指纹","method.ic_card":"IC卡","method.id_card":"身份证","method.plate":"车牌","method.qr":"二维码","method.remote":"远程开门","method.voiceprint":"声纹","panel.community":"小区","panel.menu":"菜单","panel.no_community":"尚未设置小区：请先添加“智慧平安小区”集成。","panel.title":"智慧小区","panel.views":"视图","parking.car_entered":"{plate} 已入场。","parking.cars_inside":"场内车辆","parking.collect":"收费","parking.collected":"已收取 {plate} 的 {amount}。","parking.daily_cap":" 每天最多 {cap}。","parking.duration":"停车时长","parking.enter_free":"免费","parking.entered":"入场","parking.fee":"费用","parking.fee_due":"应缴","parking.free":"免费","parking.free_spaces":"空余车位","parking.gate":"出入口","parking.inside":"场内车辆","parking.kind":"类型","parking.leave_owing":"放行(欠费)","parking.left":"出场","parking.let_in":"放行入场","parking.manual_entry":"人工放行入场","parking.night_rate":" 夜间({start}–{end})：每小时 {rate}。","parking.no_cars":"场内没有车辆。","parking.no_sessions":"没有停车记录。","parking.paid":"已缴","parking.paid_and_leave":"已缴费放行","parking.plate":"车牌","parking.sessions":"停车记录","parking.settle":"结算出场","parking.settle_heading":"结算 {plate}","parking.settle_hint":"无论是否缴费都会放行；未缴费用记入未缴费用。","parking.settled":"{plate} 已出场：费用 {fee}，已付 {paid}，欠费 {unpaid}。","parking.spaces":"总车位","parking.tariff":"临时车：免费 {free} 分钟后每小时 {rate}。","parking.unpaid":"欠费","parking.unpaid_only":"仅欠费","parking.unpaid_total":"未缴费用","parking_kind.monthly_pass":"月卡","parking_kind.own_space":"自有车位","parking_kind.temporary":"临时车","parking_kind.visitor":"访客","pass_status.active":"有效","pass_status.expired":"已过期","pass_status.revoked":"已撤销","pass_status.upcoming":"未生效","people.add":"登记人员","people.add_family":"添加家庭成员","people.add_tenant":"添加租户","people.add_vehicle":"添加车辆","people.address":"{building}栋{unit}单元{room}室","people.address_heading":"住址","people.building":"{building}栋","people.building_label":"楼栋","people.cards":"门禁卡号(逗号分隔)","people.care":"关爱","people.care_hint":"留空表示非关爱对象。","people.care_residents":"关爱对象","people.edit":"编辑 {name}","people.emergency_contact_mobile":"紧急联系人手机","people.emergency_contact_name":"紧急联系人","people.everyone":"全部人员","people.faces":"人脸照片","people.faces_removed":"已删除 {count} 条人脸数据。","people.household":"同户人员","people.household_none":"此房间没有其他登记人员。","people.id_number":"身份证号","people.inactivity_hours":"关爱：未出现告警(小时)","people.last_seen":"最近出现","people.masked_hint":"已存号码脱敏显示：仅在修改时输入完整号码。","people.mobile":"手机号","people.monthly_pass_from":"月卡开始","people.monthly_pass_until":"月卡至 {date}","people.monthly_pass_until_label":"月卡截止","people.move_in":"入住日期","people.move_out":"搬离","people.move_out_date":"搬离日期","people.move_out_text":"搬离日期后 {name} 将不再放行，记录保留。","people.moved_out":"{name} 已登记搬离，搬离日期后不再放行。","people.name":"姓名","people.naming_stranger":"保存后，{stranger} 的人脸将归属此人。","people.never_seen":"从未出现","people.none":"此处没有登记人员。","people.overdue":"超时未出现","people.parking_space":"车位","people.person_id":"人员编号","people.person_id_auto":"留空自动分配","people.photos":"人脸照片(已录入 {count})","people.plate":"车牌","people.plate_color":"车牌颜色","people.remove":"删除","people.remove_faces":"删除人脸数据","people.remove_text":"从登记中删除 {name}？人脸数据将被删除，记录保留。","people.removed":"已从登记中删除 {name}。","people.role":"身份","people.room":"{room}室","people.room_label":"房号","people.saved":"已保存 {name}。","people.search":"搜索人员","people.search_placeholder":"姓名、编号、车牌或卡号","people.space":"车位 {space}","people.tenant_hint":"租户必填。","people.threshold":"{hours} 小时未出现告警","people.unit":"{unit}单元","people.unit_label":"单元","people.vehicles":"车辆与月卡","people.watch_list":"布控","people.watch_reason":"布控原因","people.without_address":"工作人员与保安","photo.accepted":"已采用","photo.from_camera":"拍照","photo.from_file":"选择照片","photo.rejected":"未采用","photo.similar_to":"与 {name} 相似({similarity}%)：请确认是否同一人。","photo.uploading":"检测中…","photo_reason.enrolled":"已录入","photo_reason.near_duplicate":"已登记过（同一张照片）","photo_reason.no_face":"未检测到人脸","photo_reason.poor_quality":"质量不合格","photo_reason.several_faces":"照片中有 {faces} 张人脸：请使用单人照片","photo_reason.too_large":"图片过大","photo_reason.unreadable":"无法读取的图片","plate_color.black":"黑牌","plate_color.blue":"蓝牌","plate_color.green":"绿牌(新能源)","plate_color.white":"白牌","plate_color.yellow":"黄牌","plate_color.yellow_green":"黄绿牌","quality.blurred":"模糊","quality.low_detector_score":"人脸不清晰","quality.tilted":"抬头或低头","quality.too_small":"人脸太小","quality.turned":"侧脸","reason.black_list":"黑名单","reason.exit":"出场","reason.fee_unpaid":"费用未缴","reason.gate_not_allowed":"无权通过此门","reason.look_again":"请再看一次镜头","reason.low_similarity":"相似度不足","reason.match_not_verified":"人脸比对未经核验","reason.monthly_pass":"月卡","reason.monthly_pass_expired":"月卡已过期","reason.no_entry_record":"无入场记录","reason.no_monthly_pass":"无月卡","reason.not_live":"未通过活体检测","reason.outside_hours":"不在允许时段","reason.parking_space":"自有车位","reason.pass_expired":"通行证已过期","reason.pass_not_yet_valid":"通行证未生效","reason.plate_uncertain":"车牌未能确定识别","reason.re_entry":"重复入场","reason.resident":"住户","reason.staff":"工作人员","reason.temporary_parking":"临时停车","reason.tenancy_not_started":"租期未开始","reason.tenant_moved_out":"租户已搬离","reason.unknown_person":"未登记人员","reason.unknown_plate":"未登记车辆","reason.visitor_pass":"访客通行证","reason.watch_list":"重点关注","reason.wrong_unit":"非本单元","record.acknowledged":"已处理","record.alarm":"报警类型","record.decision":"判定","record.method":"方式","record.not_this_person":"不是此人","record.not_this_person_done":"已从 {name} 移除：此抓拍现归入 {stranger}，今后不会再匹配为 {name}。","record.open_records":"全部记录","record.open_trajectory":"查看轨迹","record.origin":"抛物来源","record.plate":"车牌","record.similarity":"相似度","record.time":"时间","record.where":"地点","record.who":"人员","record_kind.alarm":"报警","record_kind.alert":"布控告警","record_kind.barrier_open":"道闸抬杆","record_kind.denial":"拒绝通行","record_kind.door_open":"开门","record_kind.face_capture":"人脸抓拍","record_kind.patrol_check_in":"巡更打卡","record_kind.plate_read":"车牌识别","record_kind.recognition":"人脸识别","record_kind.turnstile_open":"闸机通行","records.device":"设备","records.end":"结束时间","records.export_csv":"导出 CSV","records.export_full":"不脱敏(管理员)","records.export_xlsx":"导出 Excel","records.exported_full":"已导出 {rows} 条未脱敏记录到 {file}，请妥善保管。","records.exported_masked":"已导出 {rows} 条记录到 {file}(身份证号和手机号已脱敏)。","records.face_is":"已登记为 {name}(相似度 {similarity}%)。","records.face_matches":"找到 {count} 条抓拍。","records.face_search":"以图搜图","records.face_search_hint":"上传或拍摄一张照片：列出该人脸的所有抓拍，包括陌生人。","records.face_unknown":"不是已登记人员。","records.faces_in_photo":"照片中有 {count} 张人脸，按最大的一张查询。","records.kind":"类型","records.none":"没有符合条件的记录。","records.person":"人员编号","records.pictures":"图片","records.plate":"车牌","records.results":"记录","records.search":"查询","records.start":"开始时间","records.stranger":"陌生人(聚类)","role.family":"家庭成员","role.guard":"保安","role.owner":"业主","role.staff":"物业人员","role.tenant":"租户","role.visitor":"访客","role_console.admin":"管理员","role_console.guard":"保安","role_console.manager":"物业经理","stranger.number":"陌生人 #{number}","strangers.first_seen":"首次出现","strangers.last_seen":"最近出现","strangers.merge":"合并","strangers.merge_into":"合并到","strangers.merged":"{stranger} 已合并到 {into}。","strangers.name":"命名","strangers.named":"{stranger} 已命名为 {name}。","strangers.new_resident":"新住户","strangers.new_visitor":"新访客","strangers.none":"没有陌生人脸。","strangers.not_this_person":"不是此人：移出此照片","strangers.or_register":"或以此人脸登记新人员：","strangers.person":"已登记人员","strangers.places":"出现地点","strangers.sample_removed":"照片已移出(现为 {stranger})，并作为反例保留。","strangers.sort":"排序","strangers.sort_last_seen":"最近出现","strangers.sort_visits":"出现次数","strangers.visits":"出现 {count} 次","strangers.watch":"布控","strangers.watch_only":"仅布控","tier.high":"高配版","tier.medium":"中配版","tier.standard":"标配版","trajectory.choose":"请选择人员或陌生人。","trajectory.none":"此时段内未出现。","trajectory.plan":"小区平面图","trajectory.show":"查看轨迹","trajectory.timeline":"时间线","trajectory.unplaced":"未在平面图上(一机一档无经纬度)：{devices}","view.devices":"设备","view.live":"实时","view.parking":"停车","view.people":"住户","view.records":"记录","view.strangers":"陌生人","view.trajectory":"轨迹","view.visitors":"访客","visitors.all_gates":"所有出入口","visitors.gates":"可通行出入口","visitors.gates_hint":"不勾选表示所有出入口。","visitors.host":"被访人","visitors.issue":"登记访客","visitors.issue_button":"发放通行证","visitors.name":"访客姓名","visitors.naming_stranger":"发放后，{stranger} 的人脸将归属此访客。","visitors.none":"没有通行证。","visitors.pass_of":"{name} 的通行证","visitors.plate":"车牌","visitors.qr_label":"{name} 的通行证二维码","visitors.revoke":"撤销","visitors.revoked":"已撤销 {name} 的通行证。","visitors.show_qr":"二维码","visitors.valid_from":"生效时间","visitors.valid_until":"失效时间","visitors.window":"有效期","watch.black_list":"黑名单","watch.none":"未布控","watch.watch_list":"重点关注"};var qr={en:Ie,"zh-Hans":Ht};function jt(o){let s=(o?.locale?.language??o?.language??"en").toLowerCase();return s==="zh"||s.startsWith("zh-")?"zh-Hans":"en"}function Kr(o,s={}){return o.replace(/\{([a-z_0-9]+)\}/g,(e,t)=>t in s?String(s[t]):e)}function xe(o){let s=qr[o];return(e,t)=>Kr(s[e]??Ie[e]??e,t)}function Qe(o){return Object.prototype.hasOwnProperty.call(Ie,o)}var b={fields:{},general:null};function y(o,s,e={}){let t=Ft(o,e),r=t.key===null?null:`error.${t.key}`,i={...t.placeholders},a=i.field===void 0?null:`field_name.${i.field}`;return a!==null&&Qe(a)&&(i.field=s(a)),{text:r!==null&&Qe(r)?s(r,i):t.message,field:t.field}}function T(o,s,e){let{text:t,field:r}=y(o,s,e);return r?{fields:{[r]:t},general:null}:{fields:{},general:t}}function g(o,s,e,t,r={}){let i=t.fields[s];return n`<label
    class="field ${i?"invalid":""} ${r.wide?"wide":""}"
    data-field=${s}
  >
    <span>${o}</span>
    ${e}
    ${r.hint&&!i?n`<span class="muted">${r.hint}</span>`:c}
    ${i?n`<span class="field-error" role="alert" data-error-for=${s}>${i}</span>`:c}
  </label>`}function A(o){return o.general?n`<div class="form-error wide" role="alert" data-error-for="form">${o.general}</div>`:c}function D(o,s){let e=new FormData(o),t={};for(let r of s){let i=e.get(r);typeof i=="string"&&i.trim()!==""&&(t[r]=i.trim())}return t}function le(o,s){let e=o.elements.namedItem(s);return e instanceof HTMLInputElement&&e.checked}function zt(o,s){return new FormData(o).getAll(s).filter(e=>typeof e=="string"&&e!=="")}function de(o,s){let e=new FormData(o),t={};for(let r of s){let i=e.get(r);t[r]=typeof i=="string"?i.trim():""}return t}var x=$`
  :host {
    display: block;
    color: var(--primary-text-color, #212121);
    font-family: var(--paper-font-body1_-_font-family, Roboto, "Noto Sans SC", "PingFang SC", sans-serif);
    font-size: 14px;
    --sc-card: var(--card-background-color, var(--ha-card-background, #fff));
    --sc-border: var(--divider-color, rgba(0, 0, 0, 0.12));
    --sc-muted: var(--secondary-text-color, #727272);
    --sc-primary: var(--primary-color, #03a9f4);
    --sc-on-primary: var(--text-primary-color, #fff);
    --sc-error: var(--error-color, #db4437);
    --sc-success: var(--success-color, #43a047);
    --sc-warning: var(--warning-color, #ffa600);
    --sc-input: var(--input-fill-color, var(--secondary-background-color, #f5f5f5));
    --sc-radius: var(--ha-card-border-radius, 12px);
  }
  h2 {
    font-size: 18px;
    font-weight: 500;
    margin: 0 0 12px;
  }
  h3 {
    font-size: 15px;
    font-weight: 500;
    margin: 12px 0 8px;
  }
  .card {
    background: var(--sc-card);
    border: 1px solid var(--sc-border);
    border-radius: var(--sc-radius);
    padding: 16px;
    margin-bottom: 16px;
    box-shadow: var(--ha-card-box-shadow, none);
    min-width: 0;
  }
  .muted {
    color: var(--sc-muted);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .spacer {
    flex: 1;
  }
  .grid {
    display: grid;
    gap: 12px;
    grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
  }
  .columns {
    display: grid;
    gap: 16px;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  }
  :host([narrow]) .columns {
    grid-template-columns: minmax(0, 1fr);
  }
  button,
  .button {
    font: inherit;
    border: 1px solid var(--sc-primary);
    background: transparent;
    color: var(--sc-primary);
    border-radius: 18px;
    padding: 6px 14px;
    min-height: 36px;
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  button.primary,
  .button.primary {
    background: var(--sc-primary);
    color: var(--sc-on-primary);
  }
  button.danger {
    border-color: var(--sc-error);
    color: var(--sc-error);
  }
  button.small {
    min-height: 28px;
    padding: 2px 10px;
    font-size: 13px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  form.form {
    display: grid;
    gap: 12px;
    grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
    align-items: start;
  }
  :host([narrow]) form.form {
    grid-template-columns: minmax(0, 1fr);
  }
  form.form .actions,
  form.form .wide {
    grid-column: 1 / -1;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 12px;
    color: var(--sc-muted);
  }
  label.field.check {
    flex-direction: row;
    align-items: center;
    font-size: 14px;
    color: var(--primary-text-color, #212121);
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 14px;
    color: var(--primary-text-color, #212121);
    background: var(--sc-input);
    border: 1px solid var(--sc-border);
    border-radius: 6px;
    padding: 8px;
    min-height: 20px;
    min-width: 0;
  }
  input[type="checkbox"] {
    min-height: 0;
    width: 18px;
    height: 18px;
  }
  label.field.invalid input,
  label.field.invalid select,
  label.field.invalid textarea,
  label.field.invalid .choices {
    border-color: var(--sc-error);
    outline: 1px solid var(--sc-error);
  }
  .field-error {
    color: var(--sc-error);
    font-size: 12px;
  }
  .form-error {
    color: var(--sc-error);
    border: 1px solid var(--sc-error);
    border-radius: 6px;
    padding: 8px 12px;
    margin: 8px 0;
  }
  .notice {
    border: 1px solid var(--sc-success);
    border-radius: 6px;
    padding: 8px 12px;
    margin: 8px 0;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    padding: 6px 0;
    border-radius: 6px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: 6px 8px;
    border-bottom: 1px solid var(--sc-border);
    vertical-align: middle;
  }
  th {
    font-weight: 500;
    color: var(--sc-muted);
    font-size: 12px;
    white-space: nowrap;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  :host([narrow]) table.cards thead {
    display: none;
  }
  :host([narrow]) table.cards tr {
    display: block;
    border-bottom: 1px solid var(--sc-border);
    padding: 6px 0;
  }
  :host([narrow]) table.cards td {
    display: flex;
    gap: 8px;
    border: none;
    padding: 2px 4px;
  }
  :host([narrow]) table.cards td[data-label]::before {
    content: attr(data-label);
    color: var(--sc-muted);
    min-width: 7em;
    font-size: 12px;
  }
  .badge {
    display: inline-block;
    border-radius: 10px;
    padding: 1px 8px;
    font-size: 12px;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .allow,
  .ok {
    color: var(--sc-success);
  }
  .deny,
  .bad {
    color: var(--sc-error);
  }
  .alert,
  .warn {
    color: var(--sc-warning);
  }
  .thumb {
    width: 56px;
    height: 56px;
    object-fit: cover;
    border-radius: 6px;
    background: var(--secondary-background-color, #eee);
    cursor: zoom-in;
    border: 1px solid var(--sc-border);
  }
  .dot {
    display: inline-block;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--sc-muted);
  }
  .dot.online {
    background: var(--sc-success);
  }
  .dot.offline {
    background: var(--sc-error);
  }
  .tabs {
    display: flex;
    gap: 4px;
    overflow-x: auto;
    border-bottom: 1px solid var(--sc-border);
    margin-bottom: 12px;
  }
  .tabs button {
    border: none;
    border-radius: 0;
    border-bottom: 2px solid transparent;
    color: var(--sc-muted);
    white-space: nowrap;
  }
  .tabs button[aria-selected="true"] {
    color: var(--sc-primary);
    border-bottom-color: var(--sc-primary);
  }
  .empty {
    color: var(--sc-muted);
    padding: 16px 0;
    text-align: center;
  }
  a {
    color: var(--sc-primary);
  }
  .link {
    border: none;
    padding: 0;
    min-height: 0;
    color: var(--sc-primary);
    background: none;
    text-decoration: underline;
  }
`;function G(o,s=!1){s?history.replaceState(null,"",o):history.pushState(null,"",o),window.dispatchEvent(new CustomEvent("location-changed",{detail:{replace:s}}))}var Ut="/smart-community";function Bt(o){Ut=o}function B(o,s={}){let e=new URLSearchParams;for(let[r,i]of Object.entries(s))i&&e.set(r,i);let t=e.toString();return`${Ut}/${o}${t?`?${t}`:""}`}var q=class extends Error{constructor(e){super(e);this.key=e}};function Wr(o){let s="";for(let t=0;t<o.length;t+=32768)s+=String.fromCharCode(...o.subarray(t,t+32768));return btoa(s)}async function Ve(o){if(o.size>2097152)throw new q("file_too_large");return Wr(new Uint8Array(await o.arrayBuffer()))}async function qt(o){let s;try{s=await createImageBitmap(o,{imageOrientation:"from-image"})}catch{throw new q("invalid_image")}let e=Math.min(1,1600/Math.max(s.width,s.height)),t=Math.max(1,Math.round(s.width*e)),r=Math.max(1,Math.round(s.height*e)),i=document.createElement("canvas");i.width=t,i.height=r;let a=i.getContext("2d");if(a===null)throw new q("invalid_image");a.drawImage(s,0,0,t,r),s.close();let l=await new Promise(u=>i.toBlob(u,"image/jpeg",.9));if(l===null)throw new q("invalid_image");let p=await Ve(l);return{filename:o.name||"camera.jpg",base64:p,preview:URL.createObjectURL(l),width:t,height:r}}function Me(o,s){let e=document.createElement("a");e.href=o,e.download=s,e.rel="noopener",document.body.append(e),e.click(),e.remove()}var Kt={en:"en-GB","zh-Hans":"zh-CN"};function Gr(o,s){let e=new Intl.DateTimeFormat("en-CA",{timeZone:s,year:"numeric",month:"2-digit",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",hourCycle:"h23"}),t={};for(let r of e.formatToParts(o))t[r.type]=r.value;return t}function K(o,s){let e=Gr(typeof o=="string"?new Date(o):o,s);return`${e.year}-${e.month}-${e.day}T${e.hour}:${e.minute}`}function Wt(o,s){return K(o,s).slice(0,10)}function Y(o){if(o)return o.length===16?`${o}:00`:o}var et={year:"numeric",month:"2-digit",day:"2-digit"},Gt={hour:"2-digit",minute:"2-digit",hourCycle:"h23"};function Oe(o,s,e,t){return new Intl.DateTimeFormat(Kt[s],{timeZone:e,...t}).format(o)}function Yt(o,s,e){return Oe(new Date(o),s,e,{...et,...Gt})}function Xt(o,s,e){return Oe(new Date(o),s,e,{...Gt,second:"2-digit"})}function Le(o,s,e){return/^\d{4}-\d{2}-\d{2}$/.test(o)?Oe(new Date(`${o}T00:00:00Z`),s,"UTC",et):Oe(new Date(o),s,e,et)}function tt(o,s){let e=Math.floor(o/60),t=String(o%60).padStart(e?2:1,"0");return s==="zh-Hans"?e?`${e}小时${t}分`:`${t}分钟`:e?`${e} h ${t} min`:`${t} min`}function Zt(o,s,e=Date.now()){let t=Math.round((new Date(o).getTime()-e)/1e3),r=new Intl.RelativeTimeFormat(Kt[s],{numeric:"auto"}),i=Math.abs(t);return i<60?r.format(t,"second"):i<3600?r.format(Math.round(t/60),"minute"):i<86400?r.format(Math.round(t/3600),"hour"):r.format(Math.round(t/86400),"day")}function F(o,s){return s==="zh-Hans"?`¥${o}`:`CNY ${o}`}var k=class extends S{constructor(){super(...arguments);this.language="en";this.query=new URLSearchParams;this.narrow=!1;this.nameCluster=null;this.loadedFor=null}get t(){return xe(this.language)}get entryId(){return this.session.community.entry_id}get timeZone(){return this.hass.config.time_zone}can(e){return this.session.permissions.includes(e)}dateTime(e){return Yt(e,this.language,this.timeZone)}time(e){return Xt(e,this.language,this.timeZone)}subject(e){let t=this.t;return e.person_name?e.role?`${e.person_name} (${t(`role.${e.role}`)})`:e.person_name:e.stranger_number!==null?t("stranger.number",{number:e.stranger_number}):e.plate?e.plate:e.person_id?e.person_id:""}readNameCluster(){let e=this.query.get("name_cluster");this.nameCluster=e?{id:e,number:this.query.get("stranger")??""}:null}async nameStranger(e,t){let r=this.nameCluster;if(!r)return null;try{await this.api.call("smart_community/strangers/name",{entry_id:this.entryId,cluster_id:r.id,person_id:e})}catch(i){return{error:y(i,this.t).text}}return this.nameCluster=null,{notice:this.t("strangers.named",{stranger:this.t("stranger.number",{number:r.number}),name:t})}}recordDialog(e,t,r){return n`<sc-record-dialog
      .hass=${this.hass}
      .api=${this.api}
      .session=${this.session}
      .language=${this.language}
      .record=${e}
      @closed=${t}
      @record-changed=${i=>r(i.detail)}
    ></sc-record-dialog>`}willUpdate(e){super.willUpdate(e);let t=`${this.session?.community.entry_id}|${this.query.toString()}`;this.session&&this.loadedFor!==t&&(this.loadedFor=t,this.load())}};k.styles=[x],d([v({attribute:!1})],k.prototype,"hass",2),d([v({attribute:!1})],k.prototype,"api",2),d([v({attribute:!1})],k.prototype,"session",2),d([v({attribute:!1})],k.prototype,"language",2),d([v({attribute:!1})],k.prototype,"query",2),d([v({type:Boolean,reflect:!0})],k.prototype,"narrow",2),d([m()],k.prototype,"nameCluster",2);var Yr=["register","import","compliance"],C=class extends k{constructor(){super(...arguments);this.tab="register";this.table=null;this.onlyProblems=!1;this.error="";this.notice="";this.exportError="";this.file=null;this.preview=null;this.importErrors=b;this.imported=null;this.compliance=null;this.busy=!1}load(){this.table=null,this.compliance=null,this.loadRegister(),this.loadCompliance()}async loadRegister(){try{this.table=await this.api.call("smart_community/devices/register",{entry_id:this.entryId})}catch(e){this.error=y(e,this.t).text}}async loadCompliance(){try{this.compliance=await this.api.call("smart_community/devices/compliance",{entry_id:this.entryId})}catch(e){this.error=y(e,this.t).text}}async export(e,t){this.exportError="";try{let r=await this.api.call("smart_community/devices/export",{entry_id:this.entryId,police:e,format:t});Me(r.url,r.filename),this.notice=this.t("devices.exported",{rows:r.rows,file:r.filename})}catch(r){this.exportError=y(r,this.t).text}}async check(e){let t=e.files?.[0];if(e.value="",!!t){this.preview=null,this.imported=null,this.importErrors=b;try{let r=await Ve(t);this.file={name:t.name,data:r},this.busy=!0,this.preview=await this.api.call("smart_community/devices/check_file",{entry_id:this.entryId,filename:t.name,data:r})}catch(r){this.importErrors=r instanceof q?{fields:{data:this.t(`error.${r.key}`)},general:null}:T(r,this.t,{data:t.name,filename:t.name})}finally{this.busy=!1}}}async import(e){e.preventDefault();let t=this.file;if(!t)return;let r=e.target;this.busy=!0,this.importErrors=b;try{this.imported=await this.api.call("smart_community/devices/import_file",{entry_id:this.entryId,filename:t.name,data:t.data,accept_good_rows:le(r,"accept_good_rows"),replace:le(r,"replace")}),this.imported.applied&&(this.preview=null,this.file=null,this.loadRegister(),this.loadCompliance())}catch(i){this.importErrors=T(i,this.t,{})}finally{this.busy=!1}}heading(e){return this.language==="zh-Hans"?e.heading:this.t(`column.${e.key}`)}problemText(e){return`${e.row?this.t("devices.row",{row:e.row}):this.t("devices.file")} · ${e.heading}: ${e.reason}`}renderTable(e,t){let r=this.t,i=t?e.rows.filter(l=>l.problems.length):e.rows,a=l=>{let p=new Map;for(let u of l.problems)p.set(u.column??"",[...p.get(u.column??"")??[],u]);return p};return n`${e.file_problems.length?n`<div class="form-error" role="alert" data-file-problems>
            ${e.file_problems.map(l=>n`<div>${this.problemText(l)}</div>`)}
          </div>`:c}
      <div class="register-scroll">
        <table class="register">
          <thead>
            <tr>
              <th>${r("devices.row_heading")}</th>
              <th>${r("devices.online")}</th>
              ${e.columns.map(l=>n`<th title=${l.heading} data-column=${l.key}>${this.heading(l)}${l.police?"":" *"}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${i.map(l=>{let p=a(l),u=p.get("")??[];return n`<tr data-row=${l.row} data-code=${l.code}>
                <td>${l.row||""}</td>
                <td>
                  <span
                    class="dot ${l.online===!0?"online":l.online===!1?"offline":""}"
                    title=${l.online===null?r("common.unknown"):l.online?r("common.online"):r("common.offline")}
                  ></span>
                </td>
                ${e.columns.map(_=>{let h=p.get(_.key)??[];return n`<td class=${h.length?"problem":""} data-cell=${_.key}>
                    ${l.cells[_.key]??""}
                    ${h.map(f=>n`<span class="cell-problem" role="note">${f.reason}</span>`)}
                  </td>`})}
              </tr>
              ${u.length?n`<tr>
                    <td></td>
                    <td colspan=${e.columns.length+1} class="problem">${u.map(_=>n`<span class="cell-problem">${_.reason}</span>`)}</td>
                  </tr>`:c}`})}
          </tbody>
        </table>
      </div>
      <p class="muted">${r("devices.police_columns_note")}</p>`}renderRegister(){let e=this.t,t=this.table,r=t?t.rows.reduce((i,a)=>i+a.problems.length,0)+t.file_problems.length:0;return n`<div class="card" data-section="register">
      <div class="row">
        <h2>${e("devices.register")}</h2>
        ${t?n`<span class="muted">${e("devices.summary",{devices:t.rows.length,problems:r})}</span>`:c}
        <span class="spacer"></span>
        <label class="field check">
          <input type="checkbox" name="only_problems" @change=${i=>this.onlyProblems=i.target.checked} />
          ${e("devices.only_problems")}
        </label>
      </div>
      <div class="row" style="margin:8px 0">
        <button data-export="register-csv" @click=${()=>this.export(!1,"csv")}>${e("devices.export_csv")}</button>
        <button data-export="register-xlsx" @click=${()=>this.export(!1,"xlsx")}>${e("devices.export_xlsx")}</button>
        <button class="primary" data-export="police-xlsx" @click=${()=>this.export(!0,"xlsx")}>${e("devices.export_police")}</button>
      </div>
      ${this.exportError?n`<div class="form-error" role="alert">${this.exportError}</div>`:c}
      ${t?this.renderTable(t,this.onlyProblems):n`<div class="empty">${e("common.loading")}</div>`}
    </div>`}renderImport(){let e=this.t,t=this.preview,r=this.importErrors,i=t?t.rows.reduce((a,l)=>a+l.problems.length,0)+t.file_problems.length:0;return n`<div class="card" data-section="import">
      <h2>${e("devices.import")}</h2>
      <p class="muted">${e("devices.import_hint")}</p>
      <label class="field ${r.fields.data?"invalid":""}" data-field="data">
        <span>${e("devices.register_file")}</span>
        <input
          type="file"
          name="data"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          ?disabled=${!this.can("devices.import")}
          @change=${a=>this.check(a.target)}
        />
        ${r.fields.data?n`<span class="field-error" role="alert" data-error-for="data">${r.fields.data}</span>`:c}
      </label>
      ${this.can("devices.import")?c:n`<p class="muted">${e("devices.import_admin_only")}</p>`}
      ${t?n`<div data-preview>
            <div class="summary">
              <b>${this.file?.name??""}</b>
              <span>${e("devices.preview_rows",{rows:t.rows.length})}</span>
              <span class=${i?"bad":"ok"}>${e("devices.preview_problems",{problems:i})}</span>
              <span>${e("devices.preview_added",{count:t.added.length})}</span>
              <span>${e("devices.preview_updated",{count:t.updated.length})}</span>
              <span>${e("devices.preview_unchanged",{count:t.unchanged})}</span>
              <span>${e("devices.preview_absent",{count:t.absent_from_file.length})}</span>
            </div>
            ${this.renderTable(t,i>0)}
            <form class="form" data-form="import" @submit=${this.import} novalidate>
              <label class="field check"><input type="checkbox" name="accept_good_rows" /> ${e("devices.accept_good_rows")}</label>
              <label class="field check"><input type="checkbox" name="replace" /> ${e("devices.replace")}</label>
              ${A(r)}
              <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${e("devices.import_button")}</button></div>
            </form>
          </div>`:A(r)}
      ${this.imported?n`<div class=${this.imported.applied?"notice":"form-error"} role="status" data-imported>
            ${this.imported.applied?e("devices.imported",{added:this.imported.added.length,updated:this.imported.updated.length,removed:this.imported.removed.length,problems:this.imported.problems.length}):e("devices.not_imported",{problems:this.imported.problems.length})}
          </div>`:c}
    </div>`}renderCompliance(){let e=this.t,t=this.compliance;if(!t)return n`<div class="card empty">${e("common.loading")}</div>`;let r=t.items.filter(i=>!i.met);return n`<div class="card" data-section="compliance">
      <div class="row">
        <h2>${e("devices.compliance")}</h2>
        <span class="badge">${e(`tier.${t.tier}`)}</span>
        <span class="badge ${t.compliant?"ok":"bad"}" data-compliant=${String(t.compliant)}>
          ${t.compliant?e("devices.compliant"):e("devices.not_compliant",{count:r.length})}
        </span>
      </div>
      ${t.items.map(i=>n`<div class="item" data-requirement=${i.id}>
          <div class="row">
            <span class=${i.met?"ok":"bad"}>${i.met?"✓":"✗"}</span>
            <b>${this.language==="zh-Hans"?i.title_zh:i.title_en}</b>
            <span class="muted">${i.id}</span>
          </div>
          ${i.missing.length?n`<div class="bad">${e("devices.missing")}</div>
                <ul>
                  ${i.missing.map(a=>n`<li>${a}</li>`)}
                </ul>`:c}
          ${i.evidence.length?n`<details>
                <summary class="muted">${e("devices.evidence",{count:i.evidence.length})}</summary>
                <ul>
                  ${i.evidence.map(a=>n`<li>${a}</li>`)}
                </ul>
              </details>`:c}
        </div>`)}
    </div>`}render(){let e=this.t;return n`<div class="tabs" role="tablist">
        ${Yr.map(t=>n`<button role="tab" data-tab=${t} aria-selected=${this.tab===t?"true":"false"} @click=${()=>this.tab=t}>
            ${e(`devices.tab_${t}`)}
          </button>`)}
      </div>
      ${this.error?n`<div class="form-error" role="alert">${this.error}</div>`:c}
      ${this.notice?n`<div class="notice" role="status">${this.notice}</div>`:c}
      ${this.tab==="register"?this.renderRegister():c} ${this.tab==="import"?this.renderImport():c}
      ${this.tab==="compliance"?this.renderCompliance():c}`}};C.styles=[x,$`
      table.register td,
      table.register th {
        white-space: nowrap;
        font-size: 13px;
      }
      table.register td.problem {
        background: color-mix(in srgb, var(--sc-error) 14%, transparent);
        outline: 1px solid var(--sc-error);
        white-space: normal;
        min-width: 10em;
      }
      .cell-problem {
        display: block;
        color: var(--sc-error);
        font-size: 11px;
      }
      .register-scroll {
        overflow: auto;
        max-height: 70vh;
      }
      table.register thead th {
        position: sticky;
        top: 0;
        background: var(--sc-card);
        z-index: 1;
      }
      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: 16px;
        margin: 8px 0;
      }
      .item {
        border-bottom: 1px solid var(--sc-border);
        padding: 8px 0;
      }
      .item ul {
        margin: 4px 0;
        padding-inline-start: 20px;
      }
    `],d([m()],C.prototype,"tab",2),d([m()],C.prototype,"table",2),d([m()],C.prototype,"onlyProblems",2),d([m()],C.prototype,"error",2),d([m()],C.prototype,"notice",2),d([m()],C.prototype,"exportError",2),d([m()],C.prototype,"file",2),d([m()],C.prototype,"preview",2),d([m()],C.prototype,"importErrors",2),d([m()],C.prototype,"imported",2),d([m()],C.prototype,"compliance",2),d([m()],C.prototype,"busy",2),C=d([w("sc-devices-view")],C);var X=class extends S{constructor(){super(...arguments);this.heading="";this.closeLabel="×";this.open=!1}updated(){this.open&&!this.dialog.open&&this.dialog.showModal(),!this.open&&this.dialog.open&&this.dialog.close()}onClose(){this.open&&(this.open=!1,this.dispatchEvent(new CustomEvent("closed")))}render(){return n`<dialog @close=${this.onClose} aria-label=${this.heading}>
      <header>
        <h2>${this.heading}</h2>
        <button class="small" aria-label=${this.closeLabel} title=${this.closeLabel} @click=${()=>this.dialog.close()}>
          ×
        </button>
      </header>
      <div class="body"><slot></slot></div>
    </dialog>`}};X.styles=[x,$`
      dialog {
        background: var(--sc-card);
        color: var(--primary-text-color, #212121);
        border: 1px solid var(--sc-border);
        border-radius: var(--sc-radius);
        padding: 0;
        width: min(720px, calc(100vw - 24px));
        max-height: calc(100vh - 48px);
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.5);
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 12px 16px;
        border-bottom: 1px solid var(--sc-border);
      }
      header h2 {
        margin: 0;
        flex: 1;
      }
      .body {
        padding: 16px;
        overflow: auto;
      }
    `],d([v()],X.prototype,"heading",2),d([v()],X.prototype,"closeLabel",2),d([v({type:Boolean,reflect:!0})],X.prototype,"open",2),d([ae("dialog")],X.prototype,"dialog",2),X=d([w("sc-dialog")],X);var Z=class extends S{constructor(){super(...arguments);this.images=[];this.labels={};this.max=3;this.shown=null}render(){return n`${this.images.slice(0,this.max).map(e=>n`<img
          class="thumb"
          loading="lazy"
          src=${e.thumb_url}
          alt=${this.labels[e.type]??e.type}
          title=${this.labels[e.type]??e.type}
          @click=${t=>{t.stopPropagation(),this.shown=e}}
        />`)}
      ${this.shown?n`<sc-dialog
            open
            heading=${this.labels[this.shown.type]??this.shown.type}
            @closed=${()=>this.shown=null}
            @click=${e=>e.stopPropagation()}
            ><img class="full" src=${this.shown.url} alt=${this.labels[this.shown.type]??""}
          /></sc-dialog>`:c}`}};Z.styles=[x,$`
      :host {
        display: inline-flex;
        gap: 4px;
      }
      .full {
        max-width: 100%;
        max-height: 70vh;
        display: block;
        margin: 0 auto;
      }
    `],d([v({attribute:!1})],Z.prototype,"images",2),d([v({attribute:!1})],Z.prototype,"labels",2),d([v({type:Number})],Z.prototype,"max",2),d([m()],Z.prototype,"shown",2),Z=d([w("sc-images")],Z);function Jt(o,s){let e=o.floor_low===o.floor&&o.floor_high===o.floor?"":s("falling.band",{low:o.floor_low,high:o.floor_high}),t=o.confidence===null?"":s("falling.confidence",{pct:Math.round(o.confidence*100)});return s("falling.origin",{floor:o.floor,band:e,column:o.column,confidence:t})}function rt(o,s){return s("falling.short",{floor:o.floor,column:o.column})}var J=class extends k{constructor(){super(...arguments);this.record=null;this.error="";this.notice="";this.busy=!1}load(){}close(){this.error="",this.notice="",this.dispatchEvent(new CustomEvent("closed"))}async acknowledge(e){this.busy=!0;try{let t=await this.api.call("smart_community/alarms/acknowledge",{entry_id:this.entryId,record_id:e.id});this.record=t.record,this.dispatchEvent(new CustomEvent("record-changed",{detail:t.record}))}catch(t){this.error=y(t,this.t).text}finally{this.busy=!1}}async notThisPerson(e){if(e.person_id){this.busy=!0;try{let t=await this.api.call("smart_community/faces/not_this_person",{entry_id:this.entryId,record_id:e.id,person_id:e.person_id});this.notice=this.t("record.not_this_person_done",{name:e.person_name??e.person_id,stranger:this.t("stranger.number",{number:t.stranger_number})}),this.record={...e,person_id:null,person_name:null,role:null,cluster_id:t.new_cluster_id,stranger_number:t.stranger_number},this.dispatchEvent(new CustomEvent("record-changed",{detail:this.record}))}catch(t){this.error=y(t,this.t).text}finally{this.busy=!1}}}follow(e,t){this.close(),G(B(e,t.person_id?{person_id:t.person_id}:{cluster_id:t.cluster_id??void 0}))}render(){let e=this.record;if(!e)return c;let t=this.t,r=e.kind==="alarm"||e.kind==="alert",i=e.person_id!==null||e.cluster_id!==null;return n`<sc-dialog open heading=${t(`record_kind.${e.kind}`)} closeLabel=${t("common.close")} @closed=${this.close}>
      <div class="pictures">
        ${e.images.map(a=>n`<figure>
            <img src=${a.url} alt=${t(`image.${a.type}`)} />
            <figcaption>${t(`image.${a.type}`)}</figcaption>
          </figure>`)}
        ${e.clips.map(a=>n`<figure>
            <video controls preload="metadata" playsinline src=${a.url}></video>
            <figcaption>${t("image.clip")}</figcaption>
          </figure>`)}
      </div>
      <dl>
        <dt>${t("record.time")}</dt>
        <dd>${this.dateTime(e.time)}</dd>
        <dt>${t("record.where")}</dt>
        <dd>${e.device_name??e.device}${e.gate?` · ${e.gate}`:""}</dd>
        ${this.subject(e)?n`<dt>${t("record.who")}</dt><dd data-subject>${this.subject(e)}</dd>`:c}
        ${e.plate?n`<dt>${t("record.plate")}</dt>
              <dd>${e.plate}${e.plate_color?` (${t(`plate_color.${e.plate_color}`)})`:""}</dd>`:c}
        ${e.method?n`<dt>${t("record.method")}</dt><dd>${t(`method.${e.method}`)}</dd>`:c}
        ${e.outcome?n`<dt>${t("record.decision")}</dt>
              <dd>
                <span class="badge ${e.outcome}">${t(`decision.${e.outcome}`)}</span>
                ${e.reason?t(`reason.${e.reason}`):""}
              </dd>`:c}
        ${e.similarity!==null?n`<dt>${t("record.similarity")}</dt><dd>${(e.similarity*100).toFixed(1)} %</dd>`:c}
        ${e.alarm?n`<dt>${t("record.alarm")}</dt><dd>${t(`alarm.${e.alarm}`)}</dd>`:c}
        ${e.falling?n`<dt>${t("record.origin")}</dt>
              <dd data-origin>${Jt(e.falling,t)}</dd>`:c}
        ${e.acknowledged_by?n`<dt>${t("record.acknowledged")}</dt>
              <dd>${e.acknowledged_by} · ${e.acknowledged_at?this.dateTime(e.acknowledged_at):""}</dd>`:c}
      </dl>
      ${this.error?n`<div class="form-error" role="alert">${this.error}</div>`:c}
      ${this.notice?n`<div class="notice" role="status">${this.notice}</div>`:c}
      <div class="row">
        ${r&&!e.acknowledged_by&&this.can("alarms.acknowledge")?n`<button class="primary" ?disabled=${this.busy} @click=${()=>this.acknowledge(e)}>
              ${t("live.acknowledge")}
            </button>`:c}
        ${e.person_id&&e.kind!=="plate_read"&&this.can("strangers")?n`<button class="danger" ?disabled=${this.busy} @click=${()=>this.notThisPerson(e)}>
              ${t("record.not_this_person")}
            </button>`:c}
        ${i&&this.can("trajectory")?n`<button @click=${()=>this.follow("trajectory",e)}>${t("record.open_trajectory")}</button>`:c}
        ${i&&this.can("records")?n`<button @click=${()=>this.follow("records",e)}>${t("record.open_records")}</button>`:c}
      </div>
    </sc-dialog>`}};J.styles=[x,$`
      .pictures {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-bottom: 12px;
      }
      .pictures figure {
        margin: 0;
      }
      .pictures video {
        max-height: 240px;
        max-width: 100%;
        border-radius: 6px;
        background: #000;
      }
      .pictures img {
        max-height: 240px;
        max-width: 100%;
        border-radius: 6px;
        border: 1px solid var(--sc-border);
      }
      figcaption {
        font-size: 12px;
        color: var(--sc-muted);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
        margin: 0 0 12px;
      }
      dt {
        color: var(--sc-muted);
      }
      dd {
        margin: 0;
      }
    `],d([v({attribute:!1})],J.prototype,"record",2),d([m()],J.prototype,"error",2),d([m()],J.prototype,"notice",2),d([m()],J.prototype,"busy",2),J=d([w("sc-record-dialog")],J);var Qt=200,Xr=new Set(["face_capture","recognition","door_open","turnstile_open"]),Zr=new Set(["plate_read","barrier_open"]);function Jr(o,s){switch(s){case"all":return!0;case"people":return Xr.has(o.kind)||o.kind==="denial"&&o.plate===null;case"vehicles":return Zr.has(o.kind)||o.kind==="denial"&&o.plate!==null;case"alarms":return o.kind==="alarm"||o.kind==="alert"}}var M=class extends k{constructor(){super(...arguments);this.events=[];this.gates=[];this.alarms=[];this.counts=null;this.filter="all";this.connected=!1;this.error="";this.gateErrors={};this.gateNotices={};this.opening="";this.open=null;this.unsubscribe=null;this.generation=0}load(){this.subscribe()}connectedCallback(){super.connectedCallback(),this.hasUpdated&&this.session&&this.subscribe()}disconnectedCallback(){super.disconnectedCallback(),this.generation+=1,this.stop()}async stop(){let e=this.unsubscribe;this.unsubscribe=null,this.connected=!1,e&&await e().catch(()=>{})}async subscribe(){let e=++this.generation;await this.stop(),this.error="";try{let t=await this.api.subscribe("smart_community/live/subscribe",{entry_id:this.entryId,limit:50},r=>{e===this.generation&&this.receive(r)});if(e!==this.generation){await t();return}this.unsubscribe=t,this.connected=!0}catch(t){this.error=y(t,this.t).text}}receive(e){switch(e.type){case"snapshot":this.events=e.events.slice(0,Qt),this.gates=e.gates,this.alarms=e.alarms,this.counts=e.counts;break;case"event":this.events=[e.event,...this.events.filter(t=>t.id!==e.event.id)].slice(0,Qt);break;case"gate":this.gates=this.gates.some(t=>t.device===e.gate.device)?this.gates.map(t=>t.device===e.gate.device?e.gate:t):[...this.gates,e.gate];break;case"alarm":this.alarms=e.alarm.acknowledged_by?this.alarms.filter(t=>t.id!==e.alarm.id):[e.alarm,...this.alarms.filter(t=>t.id!==e.alarm.id)];break;case"counts":this.counts=e.counts;break}}async openGate(e){this.opening=e.device,this.gateErrors={...this.gateErrors,[e.device]:""},this.gateNotices={...this.gateNotices,[e.device]:""};try{let t=await this.api.call("smart_community/gates/open",{entry_id:this.entryId,device:e.device});this.gateNotices={...this.gateNotices,[e.device]:this.t("live.gate_opened",{user:t.opened_by})}}catch(t){this.gateErrors={...this.gateErrors,[e.device]:y(t,this.t).text}}finally{this.opening=""}}async acknowledge(e){try{let t=await this.api.call("smart_community/alarms/acknowledge",{entry_id:this.entryId,record_id:e.id});this.changed(t.record)}catch(t){this.error=y(t,this.t).text}}changed(e){this.open?.id===e.id&&(this.open=e),this.events=this.events.map(t=>t.id===e.id?e:t),e.acknowledged_by&&(this.alarms=this.alarms.filter(t=>t.id!==e.id))}imageLabels(){let e=this.t;return{face:e("image.face"),scene:e("image.scene"),plate:e("image.plate"),vehicle:e("image.vehicle")}}renderCounts(e){let t=this.t,r=[[t("live.people_inside"),e.people_inside],[t("live.visitors_inside"),e.visitors_inside],[t("live.entries_today"),e.entries_today],[t("live.exits_today"),e.exits_today],[t("live.free_spaces"),e.free_spaces],[t("live.open_alarms"),e.open_alarms]];return n`<div class="counts">
      ${r.map(([i,a])=>n`<div class="count"><b>${a}</b><span class="muted">${i}</span></div>`)}
    </div>`}renderEvent(e){let t=this.t,r=this.subject(e)||t(`record_kind.${e.kind}`);return n`<div class="event" data-record=${e.id} @click=${()=>this.open=e}>
      <sc-images .images=${e.images} .labels=${this.imageLabels()} max="2"></sc-images>
      <div>
        <div class="who">${r}</div>
        <div class="where">
          ${e.gate??e.device_name??e.device} · ${t(`record_kind.${e.kind}`)}
          ${e.method?n` · ${t(`method.${e.method}`)}`:c}
          ${e.alarm?n` · ${t(`alarm.${e.alarm}`)}`:c}
          ${e.falling?n` · ${rt(e.falling,t)}`:c}
        </div>
        ${e.outcome?n`<div>
              <span class="badge ${e.outcome}">${t(`decision.${e.outcome}`)}</span>
              <span class="muted">${e.reason?t(`reason.${e.reason}`):""}</span>
            </div>`:c}
      </div>
      <div class="when">${this.time(e.time)}</div>
    </div>`}renderGates(){let e=this.t;return n`<div class="card" data-section="gates">
      <h2>${e("live.gates")}</h2>
      ${this.gates.length===0?n`<div class="empty">${e("live.no_gates")}</div>`:c}
      ${this.gates.map(t=>n`<div class="gate" data-gate=${t.device}>
          <span
            class="dot ${t.online===!0?"online":t.online===!1?"offline":""}"
            title=${t.online===!1?e("common.offline"):e("common.online")}
          ></span>
          <span class="name">${t.name}<br /><span class="muted">${e(`gate_kind.${t.kind}`)} · ${e(`gate_state.${t.state}`)}</span></span>
          ${this.can("gates.open")?n`<button class="small" ?disabled=${this.opening===t.device} @click=${()=>this.openGate(t)}>
                ${e("live.open_gate")}
              </button>`:c}
          ${this.gateErrors[t.device]?n`<span class="gate-error" role="alert">${this.gateErrors[t.device]}</span>`:c}
          ${this.gateNotices[t.device]?n`<span class="status ok" role="status">${this.gateNotices[t.device]}</span>`:c}
        </div>`)}
    </div>`}renderAlarms(){let e=this.t;return n`<div class="card" data-section="alarms">
      <h2>${e("live.alarms")}</h2>
      ${this.alarms.length===0?n`<div class="empty">${e("live.no_alarms")}</div>`:c}
      ${this.alarms.map(t=>n`<div class="alarm" data-alarm=${t.id}>
          <span class="badge ${t.kind==="alert"?"alert":"deny"}">${e(`record_kind.${t.kind}`)}</span>
          <span class="text" @click=${()=>this.open=t}>
            ${t.alarm?e(`alarm.${t.alarm}`):this.subject(t)}${t.falling?n` · <span data-origin>${rt(t.falling,e)}</span>`:c}<br />
            <span class="muted">${t.device_name??t.device} · ${this.time(t.time)}</span>
          </span>
          ${this.can("alarms.acknowledge")?n`<button class="small" @click=${()=>this.acknowledge(t)}>${e("live.acknowledge")}</button>`:c}
        </div>`)}
    </div>`}render(){let e=this.t,t=["all","people","vehicles","alarms"],r=this.events.filter(i=>Jr(i,this.filter));return n`
      ${this.counts?this.renderCounts(this.counts):c}
      ${this.error?n`<div class="form-error" role="alert">${this.error}</div>`:c}
      <div class="layout">
        <div class="card" data-section="feed">
          <div class="row">
            <h2>${e("live.feed")}</h2>
            <span class="spacer"></span>
            <span class="status ${this.connected?"ok":"bad"}">${this.connected?e("live.connected"):e("live.disconnected")}</span>
          </div>
          <div class="tabs" role="tablist">
            ${t.map(i=>n`<button
                role="tab"
                data-filter=${i}
                aria-selected=${this.filter===i?"true":"false"}
                @click=${()=>this.filter=i}
              >
                ${e(`live.filter_${i}`)}
              </button>`)}
          </div>
          ${r.length===0?n`<div class="empty">${e("live.waiting")}</div>`:c}
          ${r.map(i=>this.renderEvent(i))}
        </div>
        <div>${this.renderGates()} ${this.renderAlarms()}</div>
      </div>
      ${this.recordDialog(this.open,()=>this.open=null,i=>this.changed(i))}
    `}};M.styles=[x,$`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(260px, 1fr);
        gap: 16px;
      }
      :host([narrow]) .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      .counts {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
        gap: 8px;
        margin-bottom: 16px;
      }
      .count {
        background: var(--sc-card);
        border: 1px solid var(--sc-border);
        border-radius: var(--sc-radius);
        padding: 8px 12px;
      }
      .count b {
        display: block;
        font-size: 22px;
        font-weight: 500;
      }
      .event {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        gap: 10px;
        align-items: center;
        padding: 8px 0;
        border-bottom: 1px solid var(--sc-border);
        cursor: pointer;
      }
      .event:hover {
        background: var(--secondary-background-color, rgba(0, 0, 0, 0.03));
      }
      .who {
        font-weight: 500;
      }
      .where {
        color: var(--sc-muted);
        font-size: 12px;
      }
      .when {
        color: var(--sc-muted);
        font-size: 12px;
        text-align: end;
      }
      .gate {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 6px 0;
        border-bottom: 1px solid var(--sc-border);
      }
      .gate .name {
        flex: 1;
        min-width: 0;
      }
      .gate-error {
        color: var(--sc-error);
        font-size: 12px;
        flex-basis: 100%;
      }
      .gate {
        flex-wrap: wrap;
      }
      .alarm {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 6px 0;
        border-bottom: 1px solid var(--sc-border);
      }
      .alarm .text {
        flex: 1;
        min-width: 0;
        cursor: pointer;
      }
      .status {
        font-size: 12px;
      }
    `],d([m()],M.prototype,"events",2),d([m()],M.prototype,"gates",2),d([m()],M.prototype,"alarms",2),d([m()],M.prototype,"counts",2),d([m()],M.prototype,"filter",2),d([m()],M.prototype,"connected",2),d([m()],M.prototype,"error",2),d([m()],M.prototype,"gateErrors",2),d([m()],M.prototype,"gateNotices",2),d([m()],M.prototype,"opening",2),d([m()],M.prototype,"open",2),M=d([w("sc-live-view")],M);var O=class extends k{constructor(){super(...arguments);this.status=null;this.sessions=[];this.nextCursor=null;this.unpaidOnly=!1;this.error="";this.notice="";this.settling=null;this.settleErrors=b;this.settled=null;this.enterErrors=b;this.busy=!1}load(){this.refresh(),this.listSessions(!1)}async refresh(){try{this.status=await this.api.call("smart_community/parking/status",{entry_id:this.entryId})}catch(e){this.error=y(e,this.t).text}}async listSessions(e){try{let t=await this.api.call("smart_community/parking/sessions",{entry_id:this.entryId,unpaid_only:this.unpaidOnly,limit:50,...e&&this.nextCursor?{cursor:this.nextCursor}:{}});this.sessions=e?[...this.sessions,...t.sessions]:t.sessions,this.nextCursor=t.next_cursor}catch(t){this.error=y(t,this.t).text}}async settle(e){let t=this.settling;if(t){this.busy=!0,this.settleErrors=b;try{this.settled=await this.api.call("smart_community/parking/settle",{entry_id:this.entryId,plate:t.plate,paid:e}),this.settling=null,this.refresh(),this.listSessions(!1)}catch(r){this.settleErrors=T(r,this.t,{plate:t.plate})}finally{this.busy=!1}}}async collect(e){this.error="";try{let t=await this.api.call("smart_community/parking/collect",{entry_id:this.entryId,session_id:e.session_id});this.sessions=this.sessions.map(r=>r.session_id===e.session_id?t.session:r),this.status&&(this.status={...this.status,unpaid_total:t.unpaid_total}),this.notice=this.t("parking.collected",{plate:e.plate,amount:F(e.unpaid,this.language)})}catch(t){this.error=y(t,this.t).text}}async enter(e){e.preventDefault();let t=e.target,r=D(t,["plate","gate"]);this.enterErrors=b;try{let i=await this.api.call("smart_community/parking/enter",{entry_id:this.entryId,plate:r.plate??"",...r.gate?{gate:r.gate}:{},free:le(t,"free")});this.notice=this.t("parking.car_entered",{plate:i.car.plate}),t.reset(),this.refresh()}catch(i){this.enterErrors=T(i,this.t,de(t,["plate","gate"]))}}renderStats(e){let t=this.t,r=e.tariff;return n`<div class="stats">
        <div class="card stat"><b data-stat="free">${e.free_spaces}</b><span class="muted">${t("parking.free_spaces")}</span></div>
        <div class="card stat"><b>${e.spaces}</b><span class="muted">${t("parking.spaces")}</span></div>
        <div class="card stat"><b>${e.inside.length}</b><span class="muted">${t("parking.inside")}</span></div>
        <div class="card stat"><b data-stat="unpaid">${F(e.unpaid_total,this.language)}</b><span class="muted">${t("parking.unpaid_total")}</span></div>
      </div>
      <p class="muted">
        ${t("parking.tariff",{rate:F(r.hourly_rate,this.language),free:r.free_minutes})}
        ${r.daily_cap?t("parking.daily_cap",{cap:F(r.daily_cap,this.language)}):""}
        ${r.night_rate?t("parking.night_rate",{rate:F(r.night_rate,this.language),start:r.night_start??"",end:r.night_end??""}):""}
      </p>`}renderInside(e){let t=this.t;return n`<div class="card" data-section="inside">
      <h2>${t("parking.cars_inside")}</h2>
      ${e.inside.length===0?n`<div class="empty">${t("parking.no_cars")}</div>`:c}
      <div class="scroll">
        <table class="cards">
          <thead>
            <tr>
              <th>${t("parking.plate")}</th>
              <th>${t("parking.kind")}</th>
              <th>${t("parking.entered")}</th>
              <th>${t("parking.duration")}</th>
              <th>${t("parking.fee_due")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${e.inside.map(r=>n`<tr data-car=${r.plate}>
                <td data-label=${t("parking.plate")}><b>${r.plate}</b>${r.owner_name?n`<br /><span class="muted">${r.owner_name}</span>`:c}</td>
                <td data-label=${t("parking.kind")}>${t(`parking_kind.${r.kind}`)}</td>
                <td data-label=${t("parking.entered")}>${this.dateTime(r.entered_at)}${r.entry_gate?n` · ${r.entry_gate}`:c}</td>
                <td data-label=${t("parking.duration")}>${tt(r.minutes,this.language)}</td>
                <td data-label=${t("parking.fee_due")}>${r.free?t("parking.free"):F(r.fee_due,this.language)}</td>
                <td>
                  <button
                    class="small primary"
                    data-action="settle"
                    @click=${()=>{this.settleErrors=b,this.settled=null,this.settling=r}}
                  >
                    ${t("parking.settle")}
                  </button>
                </td>
              </tr>`)}
          </tbody>
        </table>
      </div>
    </div>`}renderEnter(){let e=this.t,t=this.enterErrors;return n`<div class="card">
      <h2>${e("parking.manual_entry")}</h2>
      <form class="form" data-form="enter" @submit=${this.enter} novalidate>
        ${g(e("parking.plate"),"plate",n`<input name="plate" placeholder="皖A12345" />`,t)}
        ${g(e("parking.gate"),"gate",n`<select name="gate">
            <option value="">${e("common.any")}</option>
            ${this.session.community.gates.map(r=>n`<option value=${r}>${r}</option>`)}
          </select>`,t)}
        <label class="field check"><input type="checkbox" name="free" /> ${e("parking.enter_free")}</label>
        ${A(t)}
        <div class="actions"><button type="submit">${e("parking.let_in")}</button></div>
      </form>
    </div>`}renderSessions(){let e=this.t;return n`<div class="card" data-section="sessions">
      <div class="row">
        <h2>${e("parking.sessions")}</h2>
        <span class="spacer"></span>
        <label class="field check">
          <input
            type="checkbox"
            name="unpaid_only"
            @change=${t=>{this.unpaidOnly=t.target.checked,this.listSessions(!1)}}
          />
          ${e("parking.unpaid_only")}
        </label>
      </div>
      ${this.sessions.length===0?n`<div class="empty">${e("parking.no_sessions")}</div>`:c}
      <div class="scroll">
        <table class="cards">
          <tbody>
            ${this.sessions.map(t=>n`<tr data-session=${t.session_id}>
                <td data-label=${e("parking.plate")}><b>${t.plate}</b><br /><span class="muted">${e(`parking_kind.${t.kind}`)}</span></td>
                <td data-label=${e("parking.entered")}>${this.dateTime(t.entered_at)}</td>
                <td data-label=${e("parking.left")}>${this.dateTime(t.left_at)}</td>
                <td data-label=${e("parking.fee")}>${F(t.fee,this.language)}</td>
                <td data-label=${e("parking.unpaid")}>
                  ${t.unpaid!=="0.00"?n`<span class="bad">${F(t.unpaid,this.language)}</span>
                        <button class="small" data-action="collect" @click=${()=>this.collect(t)}>${e("parking.collect")}</button>`:n`<span class="ok">${e("parking.paid")}</span>`}
                </td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${this.nextCursor?n`<button @click=${()=>this.listSessions(!0)}>${e("common.more")}</button>`:c}
    </div>`}renderSettle(e){let t=this.t;return n`<sc-dialog open heading=${t("parking.settle_heading",{plate:e.plate})} closeLabel=${t("common.close")} @closed=${()=>this.settling=null}>
      <div data-form="settle">
        <div>${t("parking.entered")}: ${this.dateTime(e.entered_at)} · ${tt(e.minutes,this.language)}</div>
        <div class="fee">${e.free?t("parking.free"):F(e.fee_due,this.language)}</div>
        <p class="muted">${t("parking.settle_hint")}</p>
        ${this.settleErrors.fields.plate?n`<div class="form-error" role="alert" data-error-for="plate">${this.settleErrors.fields.plate}</div>`:c}
        ${A(this.settleErrors)}
        <div class="row">
          <button class="primary" data-action="paid" ?disabled=${this.busy} @click=${()=>this.settle(!0)}>${t("parking.paid_and_leave")}</button>
          ${e.free?c:n`<button class="danger" data-action="owing" ?disabled=${this.busy} @click=${()=>this.settle(!1)}>${t("parking.leave_owing")}</button>`}
        </div>
      </div>
    </sc-dialog>`}render(){let e=this.t,t=this.status;return n`${this.error?n`<div class="form-error" role="alert">${this.error}</div>`:c}
      ${this.notice?n`<div class="notice" role="status">${this.notice}</div>`:c}
      ${this.settled?n`<div class="notice" role="status" data-settled=${this.settled.plate}>
            ${e("parking.settled",{plate:this.settled.plate,fee:F(this.settled.fee,this.language),paid:F(this.settled.paid,this.language),unpaid:F(this.settled.unpaid,this.language)})}
          </div>`:c}
      ${t?n`${this.renderStats(t)} ${this.renderInside(t)}`:n`<div class="empty">${e("common.loading")}</div>`}
      <div class="columns">${this.renderEnter()} ${this.renderSessions()}</div>
      ${this.settling?this.renderSettle(this.settling):c}`}};O.styles=[x,$`
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
        gap: 8px;
        margin-bottom: 16px;
      }
      .stat b {
        display: block;
        font-size: 22px;
        font-weight: 500;
      }
      .fee {
        font-size: 28px;
        margin: 8px 0;
      }
    `],d([m()],O.prototype,"status",2),d([m()],O.prototype,"sessions",2),d([m()],O.prototype,"nextCursor",2),d([m()],O.prototype,"unpaidOnly",2),d([m()],O.prototype,"error",2),d([m()],O.prototype,"notice",2),d([m()],O.prototype,"settling",2),d([m()],O.prototype,"settleErrors",2),d([m()],O.prototype,"settled",2),d([m()],O.prototype,"enterErrors",2),d([m()],O.prototype,"busy",2),O=d([w("sc-parking-view")],O);var z=class extends S{constructor(){super(...arguments);this.fileLabel="File";this.cameraLabel="Camera";this.multiple=!1;this.disabled=!1}async picked(e){let t=Array.from(e.files??[]);e.value="";let r=[],i=[];for(let a of t)try{r.push(await qt(a))}catch(l){i.push({filename:a.name,key:l instanceof q?l.key:"invalid_image"})}i.length&&this.dispatchEvent(new CustomEvent("refused",{detail:i})),r.length&&this.dispatchEvent(new CustomEvent("photos",{detail:r}))}render(){return n`<div class="row">
      <button type="button" ?disabled=${this.disabled} @click=${()=>this.fileInput.click()}>${this.fileLabel}</button>
      <button type="button" ?disabled=${this.disabled} @click=${()=>this.cameraInput.click()}>${this.cameraLabel}</button>
      <input
        id="file"
        type="file"
        accept="image/*"
        ?multiple=${this.multiple}
        @change=${e=>this.picked(e.target)}
      />
      <input
        id="camera"
        type="file"
        accept="image/*"
        capture="environment"
        @change=${e=>this.picked(e.target)}
      />
    </div>`}};z.styles=[x,$`
      input {
        display: none;
      }
    `],d([v()],z.prototype,"fileLabel",2),d([v()],z.prototype,"cameraLabel",2),d([v({type:Boolean})],z.prototype,"multiple",2),d([v({type:Boolean})],z.prototype,"disabled",2),d([ae("#file")],z.prototype,"fileInput",2),d([ae("#camera")],z.prototype,"cameraInput",2),z=d([w("sc-photo-picker")],z);var Vt=["person_id","name","role","id_number","mobile","building","unit","room","cards","move_in","move_out","watch_list","watch_reason","inactivity_hours","emergency_contact_name","emergency_contact_mobile"],er=["plate","color","parking_space","monthly_pass_from","monthly_pass_until"],R=class extends k{constructor(){super(...arguments);this.buildings=[];this.withoutAddress=0;this.selection={kind:"all"};this.expanded=new Set;this.people=[];this.nextCursor=null;this.error="";this.notice="";this.detail=null;this.editing=null;this.errors=b;this.vehicleErrors=b;this.photoOutcomes=[];this.moveOut=null;this.moveOutErrors=b;this.busy=!1}load(){this.detail=null,this.loadLayout(),this.list(!1),this.readNameCluster(),this.nameCluster&&this.startAdd({role:"owner"})}async loadLayout(){try{let e=await this.api.call("smart_community/people/layout",{entry_id:this.entryId});this.buildings=e.buildings,this.withoutAddress=e.without_address}catch(e){this.error=y(e,this.t).text}}filterParams(){let e=this.selection;switch(e.kind){case"all":return{};case"building":return{building:e.building};case"unit":return{building:e.building,unit:e.unit};case"room":return{building:e.building,unit:e.unit,room:e.room};case"care":return{care_only:!0};case"no_address":return{without_address:!0};case"search":return{query:e.query}}}async list(e){this.error="";let t=this.filterParams();try{let r=await this.api.call("smart_community/people/list",{entry_id:this.entryId,...t,limit:100,...e&&this.nextCursor?{cursor:this.nextCursor}:{}});this.people=e?[...this.people,...r.people]:r.people,this.nextCursor=r.next_cursor}catch(r){this.error=y(r,this.t).text}}select(e){this.selection=e,this.list(!1)}toggle(e){let t=new Set(this.expanded);t.has(e)?t.delete(e):t.add(e),this.expanded=t}async open(e){this.detail?.person_id!==e&&(this.photoOutcomes=[],this.vehicleErrors=b);try{let t=await this.api.call("smart_community/people/get",{entry_id:this.entryId,person_id:e});this.detail=t.person}catch(t){this.error=y(t,this.t).text}}startAdd(e){let t=this.selection,r=t.kind==="room"?{building:t.building,unit:t.unit,room:t.room}:t.kind==="unit"?{building:t.building,unit:t.unit}:t.kind==="building"?{building:t.building}:{};this.errors=b,this.editing={mode:"add",defaults:{...r,...e}}}personParams(e,t){let r=D(e,Vt),i={};r.person_id&&(i.person_id=r.person_id),r.name&&(i.name=r.name),r.role&&(i.role=r.role);for(let a of["id_number","mobile","building","unit","room","move_in","watch_reason","emergency_contact_name","emergency_contact_mobile"])r[a]&&(i[a]=r[a]);return r.cards?i.cards=r.cards.split(/[,，\s]+/).filter(Boolean):t?.cards.length&&(i.cards=[]),r.move_out?i.move_out=r.move_out:t?.move_out&&(i.move_out=null),r.watch_list&&(i.watch_list=r.watch_list),r.inactivity_hours?i.inactivity_hours=Number(r.inactivity_hours):t?.care&&(i.inactivity_hours=null),i}async savePerson(e){e.preventDefault();let t=this.editing;if(!t)return;let r=e.target,i=t.mode==="edit"?t.person:null,a=this.personParams(r,i);this.busy=!0,this.errors=b;try{let l;if(t.mode==="add"){l=(await this.api.call("smart_community/people/add",{entry_id:this.entryId,...a,name:a.name??"",role:a.role??"owner"})).person;let u=await this.nameStranger(l.person_id,l.name);u&&"notice"in u&&(this.notice=u.notice),u&&"error"in u&&(this.error=u.error)}else l=(await this.api.call("smart_community/people/update",{entry_id:this.entryId,...a,person_id:t.person.person_id})).person;this.editing=null,this.notice=this.notice||this.t("people.saved",{name:l.name}),this.loadLayout(),this.list(!1),await this.open(l.person_id)}catch(l){this.errors=T(l,this.t,{...de(r,Vt),...a})}finally{this.busy=!1}}async confirmMoveOut(e){e.preventDefault();let t=this.moveOut;if(!t)return;let r=D(e.target,["move_out"]);this.busy=!0,this.moveOutErrors=b;try{t.role==="tenant"?(await this.api.call("smart_community/people/update",{entry_id:this.entryId,person_id:t.person_id,move_out:r.move_out??""}),this.notice=this.t("people.moved_out",{name:t.name}),await this.open(t.person_id)):(await this.api.call("smart_community/people/remove",{entry_id:this.entryId,person_id:t.person_id}),this.notice=this.t("people.removed",{name:t.name}),this.detail=null),this.moveOut=null,this.loadLayout(),this.list(!1)}catch(i){this.moveOutErrors=T(i,this.t,{move_out:r.move_out??""})}finally{this.busy=!1}}async enroll(e,t){let r=t.map(i=>({preview:i.preview,result:null,error:""}));this.photoOutcomes=[...r,...this.photoOutcomes];for(let[i,a]of t.entries()){let l;try{let p=await this.api.call("smart_community/people/photos/enroll",{entry_id:this.entryId,person_id:e.person_id,filename:a.filename,image:a.base64});l={preview:a.preview,result:p.photo,error:""}}catch(p){l={preview:a.preview,result:null,error:y(p,this.t).text}}this.photoOutcomes=this.photoOutcomes.map(p=>p===r[i]?l:p)}await this.open(e.person_id),this.photoOutcomes=this.photoOutcomes.filter(i=>i.result!==null||i.error!=="")}refusedPhotos(e){this.photoOutcomes=[...e.map(t=>({preview:"",result:null,error:`${t.filename}: ${this.t(`error.${t.key}`)}`})),...this.photoOutcomes]}async removeFaces(e){try{let t=await this.api.call("smart_community/people/photos/remove",{entry_id:this.entryId,person_id:e.person_id});this.notice=this.t("people.faces_removed",{count:t.removed}),await this.open(e.person_id)}catch(t){this.error=y(t,this.t).text}}async addVehicle(e,t){e.preventDefault();let r=e.target,i=D(r,er);this.vehicleErrors=b;try{await this.api.call("smart_community/vehicles/add",{entry_id:this.entryId,plate:i.plate??"",owner_id:t.person_id,...i.color?{color:i.color}:{},...i.parking_space?{parking_space:i.parking_space}:{},...i.monthly_pass_from?{monthly_pass_from:i.monthly_pass_from}:{},...i.monthly_pass_until?{monthly_pass_until:i.monthly_pass_until}:{}}),r.reset(),await this.open(t.person_id)}catch(a){this.vehicleErrors=T(a,this.t,de(r,er))}}async removeVehicle(e,t){try{await this.api.call("smart_community/vehicles/remove",{entry_id:this.entryId,plate:e.plate}),await this.open(t.person_id)}catch(r){this.vehicleErrors={fields:{},general:y(r,this.t).text}}}treeButton(e,t,r,i,a){return n`<button
      aria-current=${i?"true":"false"}
      data-node=${e}
      @click=${()=>{a&&this.toggle(a),this.select(r)}}
    >
      <span>${a?this.expanded.has(a)?"▾ ":"▸ ":""}${e}</span>
      ${t!==null?n`<span class="muted">${t}</span>`:c}
    </button>`}renderTree(){let e=this.t,t=this.selection,r=(i,...a)=>t.kind===i&&a.every((l,p)=>["building"in t&&t.building||"","unit"in t&&t.unit||"","room"in t&&t.room||""][p]===l);return n`<div class="card tree" data-section="tree">
      <form
        @submit=${i=>{i.preventDefault();let a=D(i.target,["query"]).query??"";this.select(a?{kind:"search",query:a}:{kind:"all"})}}
      >
        <input name="query" type="search" placeholder=${e("people.search_placeholder")} aria-label=${e("people.search")} style="width:100%;box-sizing:border-box" />
      </form>
      <ul>
        <li>${this.treeButton(e("people.everyone"),null,{kind:"all"},t.kind==="all")}</li>
        ${this.buildings.map(i=>{let a=`b:${i.building}`,l=i.units.reduce((p,u)=>p+u.rooms.reduce((_,h)=>_+h.residents,0),0);return n`<li>
            ${this.treeButton(e("people.building",{building:i.building}),l,{kind:"building",building:i.building},r("building",i.building),a)}
            ${this.expanded.has(a)?n`<ul>
                  ${i.units.map(p=>{let u=`u:${i.building}:${p.unit}`;return n`<li>
                      ${this.treeButton(e("people.unit",{unit:p.unit}),p.rooms.reduce((_,h)=>_+h.residents,0),{kind:"unit",building:i.building,unit:p.unit},r("unit",i.building,p.unit),u)}
                      ${this.expanded.has(u)?n`<ul>
                            ${p.rooms.map(_=>n`<li>
                                ${this.treeButton(e("people.room",{room:_.room}),_.residents,{kind:"room",building:i.building,unit:p.unit,room:_.room},r("room",i.building,p.unit,_.room))}
                              </li>`)}
                          </ul>`:c}
                    </li>`})}
                </ul>`:c}
          </li>`})}
        <li>${this.treeButton(e("people.care_residents"),null,{kind:"care"},t.kind==="care")}</li>
        <li>${this.treeButton(e("people.without_address"),this.withoutAddress,{kind:"no_address"},t.kind==="no_address")}</li>
      </ul>
    </div>`}address(e){return e.building?this.t("people.address",{building:e.building,unit:e.unit??"",room:e.room??""}):"—"}renderList(){let e=this.t,t=this.selection.kind==="care";return n`<div class="card" data-section="people">
      <div class="row">
        <h2>${e("view.people")}</h2>
        <span class="spacer"></span>
        <button class="primary" data-action="add-person" @click=${()=>this.startAdd({role:"owner"})}>${e("people.add")}</button>
      </div>
      ${this.people.length===0?n`<div class="empty">${e("people.none")}</div>`:n`<div class="scroll">
            <table class="cards">
              <thead>
                <tr>
                  <th>${e("people.name")}</th>
                  <th>${e("people.role")}</th>
                  <th>${e("people.address_heading")}</th>
                  <th>${e("people.mobile")}</th>
                  <th>${e(t?"people.last_seen":"people.faces")}</th>
                </tr>
              </thead>
              <tbody>
                ${this.people.map(r=>n`<tr data-person=${r.person_id} @click=${()=>this.open(r.person_id)}>
                    <td data-label=${e("people.name")}>
                      ${r.name}
                      ${r.watch?n`<span class="badge ${r.watch.kind==="black_list"?"deny":"alert"}">${e(`watch.${r.watch.kind}`)}</span>`:c}
                      ${r.care?n`<span class="badge ${r.care.overdue?"deny":"ok"}">${e("people.care")}</span>`:c}
                    </td>
                    <td data-label=${e("people.role")}>${e(`role.${r.role}`)}</td>
                    <td data-label=${e("people.address_heading")}>${this.address(r)}</td>
                    <td data-label=${e("people.mobile")}>${r.mobile??"—"}</td>
                    <td data-label=${e(t?"people.last_seen":"people.faces")}>
                      ${t&&r.care?n`${r.care.last_seen?Zt(r.care.last_seen,this.language):e("people.never_seen")}
                            <span class="muted">/ ${e("people.threshold",{hours:r.care.inactivity_hours})}</span>`:r.faces}
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
      ${this.nextCursor?n`<button @click=${()=>this.list(!0)}>${e("common.more")}</button>`:c}
    </div>`}renderDetail(e){let t=this.t;return n`<sc-dialog open heading=${e.name} closeLabel=${t("common.close")} @closed=${()=>this.detail=null}>
      <div data-detail=${e.person_id}>
        <div class="row">
          <span class="badge">${t(`role.${e.role}`)}</span>
          <span>${this.address(e)}</span>
          <span class="muted">${e.person_id}</span>
          <span class="spacer"></span>
          <button data-action="edit" @click=${()=>{this.errors=b,this.editing={mode:"edit",person:e}}}>${t("common.edit")}</button>
          <button class="danger" data-action="move-out" @click=${()=>{this.moveOutErrors=b,this.moveOut=e}}>${e.role==="tenant"?t("people.move_out"):t("people.remove")}</button>
        </div>
        <dl class="muted">
          ${e.id_number?n`${t("people.id_number")}: ${e.id_number}<br />`:c}
          ${e.mobile?n`${t("people.mobile")}: ${e.mobile}<br />`:c}
          ${e.move_in?n`${t("people.move_in")}: ${Le(e.move_in,this.language,this.timeZone)}<br />`:c}
          ${e.move_out?n`${t("people.move_out_date")}: ${Le(e.move_out,this.language,this.timeZone)}<br />`:c}
          ${e.cards.length?n`${t("people.cards")}: ${e.cards.join(", ")}<br />`:c}
          ${e.last_seen?n`${t("people.last_seen")}: ${this.dateTime(e.last_seen)}<br />`:c}
          ${e.care?n`${t("people.care")}: ${t("people.threshold",{hours:e.care.inactivity_hours})} ·
                ${e.care.emergency_contact_name} ${e.care.emergency_contact_mobile}
                ${e.care.overdue?n`<span class="badge deny">${t("people.overdue")}</span>`:c}<br />`:c}
        </dl>

        <section data-section="household">
          <h3>${t("people.household")}</h3>
          ${e.household.length===0?n`<div class="muted">${t("people.household_none")}</div>`:c}
          ${e.household.map(r=>n`<div><button class="link" @click=${()=>this.open(r.person_id)}>${r.name}</button> · ${t(`role.${r.role}`)}</div>`)}
          ${e.building?n`<div class="row" style="margin-top:6px">
                <button class="small" data-action="add-family" @click=${()=>this.startAdd({role:"family",building:e.building,unit:e.unit,room:e.room})}>
                  ${t("people.add_family")}
                </button>
                <button class="small" data-action="add-tenant" @click=${()=>this.startAdd({role:"tenant",building:e.building,unit:e.unit,room:e.room})}>
                  ${t("people.add_tenant")}
                </button>
              </div>`:c}
        </section>

        <section data-section="photos">
          <h3>${t("people.photos",{count:e.faces})}</h3>
          <div class="row">
            <sc-photo-picker
              multiple
              .fileLabel=${t("photo.from_file")}
              .cameraLabel=${t("photo.from_camera")}
              @photos=${r=>this.enroll(e,r.detail)}
              @refused=${r=>this.refusedPhotos(r.detail)}
            ></sc-photo-picker>
            ${e.faces?n`<button class="small danger" @click=${()=>this.removeFaces(e)}>${t("people.remove_faces")}</button>`:c}
          </div>
          <div class="photos">
            ${this.photoOutcomes.map(r=>this.renderOutcome(r))}
            ${e.photos.map(r=>n`<div class="photo"><img src=${r.thumb_url} alt=${t("image.face")} /></div>`)}
          </div>
        </section>

        <section data-section="vehicles">
          <h3>${t("people.vehicles")}</h3>
          ${e.vehicles.map(r=>n`<div class="row" data-vehicle=${r.plate}>
              <b>${r.plate}</b>
              <span class="muted">${t(`plate_color.${r.color}`)}</span>
              ${r.parking_space?n`<span>${t("people.space",{space:r.parking_space})}</span>`:c}
              ${r.monthly_pass?n`<span class="badge ${r.monthly_pass.active?"ok":"bad"}">
                    ${t("people.monthly_pass_until",{date:Le(r.monthly_pass.valid_until,this.language,this.timeZone)})}
                  </span>`:c}
              <span class="spacer"></span>
              <button class="small danger" @click=${()=>this.removeVehicle(r,e)}>${t("common.remove")}</button>
            </div>`)}
          ${this.renderVehicleForm(e)}
        </section>
      </div>
    </sc-dialog>`}renderOutcome(e){let t=this.t,r=e.result;return n`<div class="photo" data-photo-result=${r?r.accepted?"accepted":"rejected":e.error?"error":"pending"}>
      ${e.preview?n`<img src=${e.preview} alt=${t("image.face")} />`:c}
      ${r?n`<div class=${r.accepted?"ok":"bad"}>
              ${r.accepted?t("photo.accepted"):t("photo.rejected")}: ${t(`photo_reason.${r.reason}`,{faces:r.faces??0})}
            </div>
            ${r.issues.length?n`<div class="muted">${r.issues.map(i=>t(`quality.${i}`)).join("、")}</div>`:c}
            ${r.similar_person?n`<div class="warn">${t("photo.similar_to",{name:r.similar_person.name,similarity:(r.similar_person.similarity*100).toFixed(0)})}</div>`:c}`:e.error?n`<div class="bad" role="alert">${e.error}</div>`:n`<div class="muted">${t("photo.uploading")}</div>`}
    </div>`}renderVehicleForm(e){let t=this.t,r=this.vehicleErrors;return n`<form class="form" data-form="vehicle" @submit=${i=>this.addVehicle(i,e)} novalidate>
      ${g(t("people.plate"),"plate",n`<input name="plate" placeholder="皖A12345" />`,r)}
      ${g(t("people.plate_color"),"color",n`<select name="color">${Lt.map(i=>n`<option value=${i}>${t(`plate_color.${i}`)}</option>`)}</select>`,r)}
      ${g(t("people.parking_space"),"parking_space",n`<input name="parking_space" placeholder="B1-023" />`,r)}
      ${g(t("people.monthly_pass_from"),"monthly_pass_from",n`<input type="date" name="monthly_pass_from" />`,r)}
      ${g(t("people.monthly_pass_until_label"),"monthly_pass_until",n`<input type="date" name="monthly_pass_until" />`,r)}
      ${A(r)}
      <div class="actions"><button type="submit">${t("people.add_vehicle")}</button></div>
    </form>`}renderPersonForm(e){let t=this.t,r=this.errors,i=e.mode==="edit"?e.person:e.defaults,a=e.mode==="add";return n`<sc-dialog
      open
      heading=${a?t("people.add"):t("people.edit",{name:i.name??""})}
      closeLabel=${t("common.close")}
      @closed=${()=>this.editing=null}
    >
      ${a&&this.nameCluster?n`<div class="notice">${t("people.naming_stranger",{stranger:t("stranger.number",{number:this.nameCluster.number})})}</div>`:c}
      <form class="form" data-form="person" @submit=${this.savePerson} novalidate>
        ${a?g(t("people.person_id"),"person_id",n`<input name="person_id" placeholder=${t("people.person_id_auto")} />`,r):c}
        ${g(t("people.name"),"name",n`<input name="name" .value=${i.name??""} required />`,r)}
        ${g(t("people.role"),"role",n`<select name="role">
            ${Ot.map(l=>n`<option value=${l} ?selected=${i.role===l}>${t(`role.${l}`)}</option>`)}
          </select>`,r)}
        ${g(t("people.id_number"),"id_number",n`<input name="id_number" autocomplete="off" placeholder=${i.id_number??"340121198001011230"} />`,r,{hint:a?"":t("people.masked_hint")})}
        ${g(t("people.mobile"),"mobile",n`<input name="mobile" type="tel" placeholder=${i.mobile??"13800138000"} />`,r)}
        ${g(t("people.building_label"),"building",n`<input name="building" .value=${i.building??""} />`,r)}
        ${g(t("people.unit_label"),"unit",n`<input name="unit" .value=${i.unit??""} />`,r)}
        ${g(t("people.room_label"),"room",n`<input name="room" .value=${i.room??""} placeholder="1502" />`,r)}
        ${g(t("people.cards"),"cards",n`<input name="cards" .value=${(i.cards??[]).join(", ")} />`,r)}
        ${g(t("people.move_in"),"move_in",n`<input type="date" name="move_in" .value=${i.move_in??""} />`,r,{hint:t("people.tenant_hint")})}
        ${g(t("people.move_out_date"),"move_out",n`<input type="date" name="move_out" .value=${i.move_out??""} />`,r)}
        ${g(t("people.watch_list"),"watch_list",n`<select name="watch_list">
            ${Ce.map(l=>n`<option value=${l} ?selected=${(i.watch?.kind??"none")===l}>${t(`watch.${l}`)}</option>`)}
          </select>`,r)}
        ${g(t("people.watch_reason"),"watch_reason",n`<input name="watch_reason" .value=${i.watch?.reason??""} />`,r)}
        ${g(t("people.inactivity_hours"),"inactivity_hours",n`<input type="number" min="0" max="720" name="inactivity_hours" .value=${i.care?String(i.care.inactivity_hours):""} />`,r,{hint:t("people.care_hint")})}
        ${g(t("people.emergency_contact_name"),"emergency_contact_name",n`<input name="emergency_contact_name" .value=${i.care?.emergency_contact_name??""} />`,r)}
        ${g(t("people.emergency_contact_mobile"),"emergency_contact_mobile",n`<input name="emergency_contact_mobile" type="tel" placeholder=${i.care?.emergency_contact_mobile??""} />`,r)}
        ${A(r)}
        <div class="actions row">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t("common.save")}</button>
        </div>
      </form>
    </sc-dialog>`}renderMoveOut(e){let t=this.t,r=e.role==="tenant";return n`<sc-dialog open heading=${t(r?"people.move_out":"people.remove")} closeLabel=${t("common.close")} @closed=${()=>this.moveOut=null}>
      <form class="form" data-form="move-out" @submit=${this.confirmMoveOut} novalidate>
        <p class="wide">${r?t("people.move_out_text",{name:e.name}):t("people.remove_text",{name:e.name})}</p>
        ${r?g(t("people.move_out_date"),"move_out",n`<input type="date" name="move_out" .value=${Wt(new Date,this.timeZone)} />`,this.moveOutErrors):c}
        ${A(this.moveOutErrors)}
        <div class="actions"><button class="danger" type="submit" ?disabled=${this.busy}>${t("common.confirm")}</button></div>
      </form>
    </sc-dialog>`}render(){return n`${this.error?n`<div class="form-error" role="alert">${this.error}</div>`:c}
      ${this.notice?n`<div class="notice" role="status">${this.notice}</div>`:c}
      <div class="layout">${this.renderTree()} ${this.renderList()}</div>
      ${this.detail?this.renderDetail(this.detail):c}
      ${this.editing?this.renderPersonForm(this.editing):c}
      ${this.moveOut?this.renderMoveOut(this.moveOut):c}`}};R.styles=[x,$`
      .layout {
        display: grid;
        grid-template-columns: 260px minmax(0, 1fr);
        gap: 16px;
      }
      :host([narrow]) .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      .tree ul {
        list-style: none;
        margin: 0;
        padding-inline-start: 14px;
      }
      .tree > ul {
        padding: 0;
      }
      .tree button {
        border: none;
        border-radius: 6px;
        padding: 4px 6px;
        min-height: 28px;
        width: 100%;
        justify-content: space-between;
        color: var(--primary-text-color, #212121);
      }
      .tree button[aria-current="true"] {
        background: var(--sc-primary);
        color: var(--sc-on-primary);
      }
      tr[data-person] {
        cursor: pointer;
      }
      .photos {
        display: grid;
        gap: 8px;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        margin-top: 8px;
      }
      .photo {
        border: 1px solid var(--sc-border);
        border-radius: 8px;
        padding: 6px;
        font-size: 12px;
      }
      .photo img {
        width: 100%;
        height: 110px;
        object-fit: cover;
        border-radius: 6px;
      }
      section {
        border-top: 1px solid var(--sc-border);
        margin-top: 12px;
        padding-top: 4px;
      }
    `],d([m()],R.prototype,"buildings",2),d([m()],R.prototype,"withoutAddress",2),d([m()],R.prototype,"selection",2),d([m()],R.prototype,"expanded",2),d([m()],R.prototype,"people",2),d([m()],R.prototype,"nextCursor",2),d([m()],R.prototype,"error",2),d([m()],R.prototype,"notice",2),d([m()],R.prototype,"detail",2),d([m()],R.prototype,"editing",2),d([m()],R.prototype,"errors",2),d([m()],R.prototype,"vehicleErrors",2),d([m()],R.prototype,"photoOutcomes",2),d([m()],R.prototype,"moveOut",2),d([m()],R.prototype,"moveOutErrors",2),d([m()],R.prototype,"busy",2),R=d([w("sc-people-view")],R);var Qr=50,tr=["person_id","cluster_id","plate","device","kind","start","end"],P=class extends k{constructor(){super(...arguments);this.records=[];this.nextCursor=null;this.previous=[];this.cursor=void 0;this.filters={};this.errors=b;this.busy=!1;this.searched=!1;this.devices=[];this.open=null;this.exportNotice="";this.exportError="";this.face=null;this.facePreview="";this.faceError=""}load(){let e={},t=this.query.get("person_id"),r=this.query.get("cluster_id"),i=this.query.get("plate");t&&(e.person_id=t),r&&(e.cluster_id=r),i&&(e.plate=i),this.filters=e,this.face=null,this.api.call("smart_community/site/plan",{entry_id:this.entryId}).then(a=>this.devices=a.devices).catch(()=>this.devices=[]),this.search(void 0,[])}readFilters(){let e=D(this.form,tr),t={...e};e.kind&&(t.kind=e.kind);let r=Y(e.start??""),i=Y(e.end??"");return r?t.start=r:delete t.start,i?t.end=i:delete t.end,t}async search(e,t){this.busy=!0,this.errors=b;try{let r=await this.api.call("smart_community/records/search",{entry_id:this.entryId,...this.filters,limit:Qr,...e?{cursor:e}:{}});this.records=r.records,this.nextCursor=r.next_cursor,this.cursor=e,this.previous=t,this.searched=!0}catch(r){this.errors=T(r,this.t,{...Object.fromEntries(tr.map(i=>[i,""])),...this.filters,cursor:e})}finally{this.busy=!1}}submit(e){e.preventDefault();let t=this.readFilters();t&&(this.filters=t,this.face=null,this.search(void 0,[]))}async export(e){this.exportNotice="",this.exportError="";let t=this.can("records.export_full")&&le(this.form,"full");try{let r=await this.api.call("smart_community/records/export",{entry_id:this.entryId,...this.filters,format:e,full:t});Me(r.url,r.filename),this.exportNotice=this.t(r.masked?"records.exported_masked":"records.exported_full",{rows:r.rows,file:r.filename})}catch(r){this.exportError=y(r,this.t).text}}async searchByFace(e){let t=e[0];if(t){this.faceError="",this.face=null,this.facePreview=t.preview,this.busy=!0;try{this.face=await this.api.call("smart_community/records/search_by_face",{entry_id:this.entryId,image:t.base64,...this.filters.start?{start:this.filters.start}:{},...this.filters.end?{end:this.filters.end}:{}})}catch(r){this.faceError=y(r,this.t,{image:t.filename}).text}finally{this.busy=!1}}}refused(e){this.faceError=e.map(t=>`${t.filename}: ${this.t(`error.${t.key}`)}`).join("; ")}labels(){let e=this.t;return{face:e("image.face"),scene:e("image.scene"),plate:e("image.plate"),vehicle:e("image.vehicle")}}renderFilters(){let e=this.t,t=this.filters,r=this.errors;return n`<form id="filters" class="form" @submit=${this.submit} novalidate>
      ${g(e("records.person"),"person_id",n`<input name="person_id" .value=${t.person_id??""} placeholder="P00001" />`,r)}
      ${g(e("records.stranger"),"cluster_id",n`<input name="cluster_id" .value=${t.cluster_id??""} placeholder="anon-12" />`,r)}
      ${g(e("records.plate"),"plate",n`<input name="plate" .value=${t.plate??""} placeholder="皖A12345" />`,r)}
      ${g(e("records.device"),"device",n`<select name="device">
          <option value="">${e("common.any")}</option>
          ${this.devices.map(i=>n`<option value=${i.device} ?selected=${t.device===i.device}>${i.name}</option>`)}
        </select>`,r)}
      ${g(e("records.kind"),"kind",n`<select name="kind">
          <option value="">${e("common.any")}</option>
          ${Mt.map(i=>n`<option value=${i} ?selected=${t.kind===i}>${e(`record_kind.${i}`)}</option>`)}
        </select>`,r)}
      ${g(e("records.start"),"start",n`<input type="datetime-local" name="start" .value=${t.start?K(t.start,this.timeZone):""} />`,r)}
      ${g(e("records.end"),"end",n`<input type="datetime-local" name="end" .value=${t.end?K(t.end,this.timeZone):""} />`,r)}
      ${A(r)}
      <div class="actions row">
        <button class="primary" type="submit" ?disabled=${this.busy}>${e("records.search")}</button>
        <span class="spacer"></span>
        ${this.can("records.export_full")?n`<label class="field check"><input type="checkbox" name="full" /> ${e("records.export_full")}</label>`:c}
        ${Dt.map(i=>n`<button type="button" data-export=${i} @click=${()=>this.export(i)}>
            ${e(`records.export_${i}`)}
          </button>`)}
      </div>
      ${this.exportNotice?n`<div class="notice wide" role="status">${this.exportNotice}</div>`:c}
      ${this.exportError?n`<div class="form-error wide" role="alert">${this.exportError}</div>`:c}
    </form>`}renderTable(e){let t=this.t;return e.length===0?n`<div class="empty">${t("records.none")}</div>`:n`<div class="scroll">
      <table class="cards">
        <thead>
          <tr>
            <th>${t("records.pictures")}</th>
            <th>${t("record.time")}</th>
            <th>${t("records.kind")}</th>
            <th>${t("record.who")}</th>
            <th>${t("record.where")}</th>
            <th>${t("record.decision")}</th>
            ${e.some(r=>r.match_similarity!==void 0)?n`<th>${t("record.similarity")}</th>`:c}
          </tr>
        </thead>
        <tbody>
          ${e.map(r=>n`<tr data-record=${r.id} @click=${()=>this.open=r}>
              <td class="pictures"><sc-images .images=${r.images} .labels=${this.labels()}></sc-images></td>
              <td data-label=${t("record.time")}>${this.dateTime(r.time)}</td>
              <td data-label=${t("records.kind")}>${t(`record_kind.${r.kind}`)}</td>
              <td data-label=${t("record.who")}>${this.subject(r)}</td>
              <td data-label=${t("record.where")}>${r.device_name??r.device}</td>
              <td data-label=${t("record.decision")}>
                ${r.outcome?n`<span class="badge ${r.outcome}">${t(`decision.${r.outcome}`)}</span>`:c}
                ${r.reason?n`<span class="muted">${t(`reason.${r.reason}`)}</span>`:c}
              </td>
              ${r.match_similarity!==void 0?n`<td data-label=${t("record.similarity")}>${(r.match_similarity*100).toFixed(1)} %</td>`:c}
            </tr>`)}
        </tbody>
      </table>
    </div>`}renderFace(){let e=this.t,t=this.face;return n`<div class="card" data-section="face-search">
      <h2>${e("records.face_search")}</h2>
      <p class="muted">${e("records.face_search_hint")}</p>
      <sc-photo-picker
        .fileLabel=${e("photo.from_file")}
        .cameraLabel=${e("photo.from_camera")}
        ?disabled=${this.busy}
        @photos=${r=>this.searchByFace(r.detail)}
        @refused=${r=>this.refused(r.detail)}
      ></sc-photo-picker>
      ${this.faceError?n`<div class="form-error" role="alert" data-error-for="image">${this.faceError}</div>`:c}
      ${t?n`<div class="row" data-face-result>
              ${this.facePreview?n`<img class="face-preview" src=${this.facePreview} alt=${e("image.face")} />`:c}
              <div>
                <div>${e("records.faces_in_photo",{count:t.faces_in_photo})}</div>
                <div>
                  ${t.person?e("records.face_is",{name:t.person.name,similarity:(t.person.similarity*100).toFixed(1)}):e("records.face_unknown")}
                </div>
                <div class="muted">${e("records.face_matches",{count:t.records.length})}</div>
              </div>
            </div>
            ${this.renderTable(t.records)}`:c}
    </div>`}render(){let e=this.t;return n`<div class="card">${this.renderFilters()}</div>
      ${this.renderFace()}
      <div class="card" data-section="results">
        <h2>${e("records.results")}</h2>
        ${this.searched?this.renderTable(this.records):n`<div class="empty">${e("common.loading")}</div>`}
        <div class="row pager">
          <button
            ?disabled=${this.previous.length===0||this.busy}
            data-page="previous"
            @click=${()=>this.search(this.previous[this.previous.length-1],this.previous.slice(0,-1))}
          >
            ${e("common.previous")}
          </button>
          <span class="muted">${e("common.page",{page:this.previous.length+1})}</span>
          <button
            ?disabled=${!this.nextCursor||this.busy}
            data-page="next"
            @click=${()=>this.search(this.nextCursor??void 0,[...this.previous,this.cursor])}
          >
            ${e("common.next")}
          </button>
        </div>
      </div>
      ${this.recordDialog(this.open,()=>this.open=null,t=>{this.open=t,this.records=this.records.map(r=>r.id===t.id?t:r)})}`}};P.styles=[x,$`
      td.pictures {
        width: 1%;
        white-space: nowrap;
      }
      tr[data-record] {
        cursor: pointer;
      }
      .pager {
        margin-top: 12px;
      }
      .face-preview {
        max-height: 120px;
        border-radius: 6px;
      }
    `],d([m()],P.prototype,"records",2),d([m()],P.prototype,"nextCursor",2),d([m()],P.prototype,"previous",2),d([m()],P.prototype,"cursor",2),d([m()],P.prototype,"filters",2),d([m()],P.prototype,"errors",2),d([m()],P.prototype,"busy",2),d([m()],P.prototype,"searched",2),d([m()],P.prototype,"devices",2),d([m()],P.prototype,"open",2),d([m()],P.prototype,"exportNotice",2),d([m()],P.prototype,"exportError",2),d([m()],P.prototype,"face",2),d([m()],P.prototype,"facePreview",2),d([m()],P.prototype,"faceError",2),d([ae("form#filters")],P.prototype,"form",2),P=d([w("sc-records-view")],P);var N=class extends k{constructor(){super(...arguments);this.clusters=[];this.nextCursor=null;this.sort="last_seen";this.watchOnly=!1;this.error="";this.notice="";this.action=null;this.errors=b;this.candidates=[];this.busy=!1}load(){this.list(!1)}async list(e){this.error="";try{let t=await this.api.call("smart_community/strangers/list",{entry_id:this.entryId,sort:this.sort,watch_only:this.watchOnly,limit:48,...e&&this.nextCursor?{cursor:this.nextCursor}:{}});this.clusters=e?[...this.clusters,...t.clusters]:t.clusters,this.nextCursor=t.next_cursor}catch(t){this.error=y(t,this.t).text}}replace(e,t=null){this.clusters=this.clusters.filter(r=>r.cluster_id!==t).map(r=>r.cluster_id===e.cluster_id?e:r)}startAction(e,t){this.action={kind:e,cluster:t},this.errors=b,this.candidates=[]}async findPeople(e){if(e.trim().length<1){this.candidates=[];return}try{let t=await this.api.call("smart_community/people/list",{entry_id:this.entryId,query:e,limit:10});this.candidates=t.people}catch{this.candidates=[]}}async name(e,t){this.busy=!0;try{let r=await this.api.call("smart_community/strangers/name",{entry_id:this.entryId,cluster_id:e.cluster_id,person_id:t});this.clusters=this.clusters.filter(i=>i.cluster_id!==e.cluster_id),this.notice=this.t("strangers.named",{stranger:this.t("stranger.number",{number:e.number}),name:r.name}),this.action=null}catch(r){this.errors=T(r,this.t,{person_id:t})}finally{this.busy=!1}}async submitAction(e){e.preventDefault();let t=this.action;if(!t)return;let r=e.target,i=D(r,["person_id","into","watch_list","reason"]);if(this.errors=b,t.kind==="name"){await this.name(t.cluster,i.person_id??"");return}this.busy=!0;try{if(t.kind==="merge"){let a=await this.api.call("smart_community/strangers/merge",{entry_id:this.entryId,cluster_id:t.cluster.cluster_id,into:i.into??""});this.replace(a.cluster,t.cluster.cluster_id),this.notice=this.t("strangers.merged",{stranger:this.t("stranger.number",{number:t.cluster.number}),into:this.t("stranger.number",{number:a.cluster.number})})}else{let a=await this.api.call("smart_community/strangers/watch",{entry_id:this.entryId,cluster_id:t.cluster.cluster_id,watch_list:i.watch_list??"none",...i.reason?{reason:i.reason}:{}});this.replace(a.cluster),this.notice=""}this.action=null}catch(a){this.errors=T(a,this.t,{person_id:"",into:"",watch_list:"",reason:"",...i})}finally{this.busy=!1}}async notThisPerson(e,t){this.error="";try{let r=await this.api.call("smart_community/faces/not_this_person",{entry_id:this.entryId,record_id:t,cluster_id:e.cluster_id});this.replace({...e,samples:e.samples.filter(i=>i.record_id!==t),visits:Math.max(0,e.visits-1)}),this.notice=this.t("strangers.sample_removed",{stranger:this.t("stranger.number",{number:r.stranger_number})})}catch(r){this.error=y(r,this.t).text}}renderCluster(e){let t=this.t;return n`<div class="card" data-cluster=${e.cluster_id}>
      <div class="row">
        <h3>${t("stranger.number",{number:e.number})}</h3>
        <span class="spacer"></span>
        ${e.watch?n`<span class="badge ${e.watch.kind==="black_list"?"deny":"alert"}">${t(`watch.${e.watch.kind}`)}</span>`:c}
      </div>
      <div class="samples">
        ${e.samples.map(r=>n`<span class="sample" data-sample=${r.record_id}>
            <img class="thumb" src=${r.thumb_url} alt=${t("image.face")} title=${this.dateTime(r.time)} />
            <button
              class="small danger"
              title=${t("strangers.not_this_person")}
              aria-label=${t("strangers.not_this_person")}
              @click=${()=>this.notThisPerson(e,r.record_id)}
            >
              ×
            </button>
          </span>`)}
      </div>
      <div class="facts">
        <div>${t("strangers.visits",{count:e.visits})}</div>
        <div>${t("strangers.first_seen")}: ${this.dateTime(e.first_seen)}</div>
        <div>${t("strangers.last_seen")}: ${this.dateTime(e.last_seen)}</div>
        <div>${t("strangers.places")}: ${e.places.join("、")||"—"}</div>
      </div>
      <div class="row" style="margin-top:8px">
        <button class="small primary" data-action="name" @click=${()=>this.startAction("name",e)}>${t("strangers.name")}</button>
        <button class="small" data-action="merge" @click=${()=>this.startAction("merge",e)}>${t("strangers.merge")}</button>
        <button class="small" data-action="watch" @click=${()=>this.startAction("watch",e)}>${t("strangers.watch")}</button>
        ${this.can("trajectory")?n`<button class="small" @click=${()=>G(B("trajectory",{cluster_id:e.cluster_id}))}>
              ${t("record.open_trajectory")}
            </button>`:c}
      </div>
    </div>`}renderAction(e){let t=this.t,r=this.errors,i=t("stranger.number",{number:e.cluster.number}),a;return e.kind==="name"?a=n`${g(t("strangers.person"),"person_id",n`<input
            name="person_id"
            autocomplete="off"
            placeholder=${t("people.search_placeholder")}
            @input=${l=>this.findPeople(l.target.value)}
          />`,r,{wide:!0})}
        <div class="candidates wide">
          ${this.candidates.map(l=>n`<button type="button" data-candidate=${l.person_id} @click=${()=>this.name(e.cluster,l.person_id)}>
              ${l.name} (${t(`role.${l.role}`)}) · ${l.person_id}
              ${l.building?n`<span class="muted"> · ${l.building}-${l.unit}-${l.room}</span>`:c}
            </button>`)}
        </div>
        <div class="wide row">
          <span class="muted">${t("strangers.or_register")}</span>
          <button type="button" @click=${()=>G(B("people",{name_cluster:e.cluster.cluster_id,stranger:String(e.cluster.number)}))}>
            ${t("strangers.new_resident")}
          </button>
          <button type="button" @click=${()=>G(B("visitors",{name_cluster:e.cluster.cluster_id,stranger:String(e.cluster.number)}))}>
            ${t("strangers.new_visitor")}
          </button>
        </div>`:e.kind==="merge"?a=g(t("strangers.merge_into"),"into",n`<select name="into">
          ${this.clusters.filter(l=>l.cluster_id!==e.cluster.cluster_id).map(l=>n`<option value=${l.cluster_id}>${t("stranger.number",{number:l.number})} · ${t("strangers.visits",{count:l.visits})}</option>`)}
        </select>`,r,{wide:!0}):a=n`${g(t("people.watch_list"),"watch_list",n`<select name="watch_list">
            ${Ce.map(l=>n`<option value=${l} ?selected=${(e.cluster.watch?.kind??"none")===l}>${t(`watch.${l}`)}</option>`)}
          </select>`,r)}
        ${g(t("people.watch_reason"),"reason",n`<input name="reason" .value=${e.cluster.watch?.reason??""} />`,r)}`,n`<sc-dialog open heading="${t(`strangers.${e.kind}`)} · ${i}" closeLabel=${t("common.close")} @closed=${()=>this.action=null}>
      <form class="form" @submit=${this.submitAction} novalidate>
        ${a} ${A(r)}
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t("common.save")}</button></div>
      </form>
    </sc-dialog>`}render(){let e=this.t;return n`<div class="card row">
        <label class="field">
          <span>${e("strangers.sort")}</span>
          <select
            name="sort"
            @change=${t=>{this.sort=t.target.value,this.list(!1)}}
          >
            <option value="last_seen">${e("strangers.sort_last_seen")}</option>
            <option value="visits">${e("strangers.sort_visits")}</option>
          </select>
        </label>
        <label class="field check">
          <input
            type="checkbox"
            name="watch_only"
            @change=${t=>{this.watchOnly=t.target.checked,this.list(!1)}}
          />
          ${e("strangers.watch_only")}
        </label>
      </div>
      ${this.error?n`<div class="form-error" role="alert">${this.error}</div>`:c}
      ${this.notice?n`<div class="notice" role="status">${this.notice}</div>`:c}
      ${this.clusters.length===0?n`<div class="empty">${e("strangers.none")}</div>`:c}
      <div class="clusters">${this.clusters.map(t=>this.renderCluster(t))}</div>
      ${this.nextCursor?n`<div class="row"><button @click=${()=>this.list(!0)}>${e("common.more")}</button></div>`:c}
      ${this.action?this.renderAction(this.action):c}`}};N.styles=[x,$`
      .clusters {
        display: grid;
        gap: 12px;
        grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
      }
      .samples {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
        margin: 8px 0;
      }
      .sample {
        position: relative;
      }
      .sample button {
        position: absolute;
        top: -6px;
        right: -6px;
        min-height: 0;
        width: 22px;
        height: 22px;
        padding: 0;
        justify-content: center;
        background: var(--sc-card);
        font-size: 12px;
      }
      .facts {
        font-size: 13px;
        line-height: 1.6;
      }
      .candidates button {
        display: block;
        width: 100%;
        text-align: start;
        border-radius: 6px;
        margin: 4px 0;
      }
    `],d([m()],N.prototype,"clusters",2),d([m()],N.prototype,"nextCursor",2),d([m()],N.prototype,"sort",2),d([m()],N.prototype,"watchOnly",2),d([m()],N.prototype,"error",2),d([m()],N.prototype,"notice",2),d([m()],N.prototype,"action",2),d([m()],N.prototype,"errors",2),d([m()],N.prototype,"candidates",2),d([m()],N.prototype,"busy",2),N=d([w("sc-strangers-view")],N);function rr(o){let s=o.filter(E=>E.longitude!==null&&E.latitude!==null);if(s.length===0)return[];let e=s.map(E=>E.latitude),t=s.map(E=>E.longitude),r=(Math.min(...e)+Math.max(...e))/2,i=Math.cos(r*Math.PI/180),a=t.map(E=>E*i),l=Math.min(...a),p=Math.max(...e),u=Math.max(...a)-l,_=p-Math.min(...e),h=Math.max(u/704,_/424)||1,f=(800-u/h)/2,I=(520-_/h)/2;return s.map((E,Fe)=>({device:E,x:f+((a[Fe]??0)-l)/h,y:I+(p-E.latitude)/h}))}function ts(o){return o==="turnstile"||o==="barrier"||o==="access_terminal"?"entrance":o.endsWith("camera")||o==="camera"||o==="nvr"?"camera":o.endsWith("sensor")||o==="smoke_detector"||o==="patrol_checkpoint"?"sensor":"other"}var j=class extends S{constructor(){super(...arguments);this.devices=[];this.points=[];this.selected="";this.label="";this.unplacedText="";this.showLabels=!1;this.buildingName=e=>e}buildings(e){let t=new Map;for(let r of e){let i=r.device.building;i&&t.set(i,[...t.get(i)??[],r])}return[...t.entries()].map(([r,i])=>{let a=i.map(f=>f.x),l=i.map(f=>f.y),p=Math.min(...a)-16,u=Math.min(...l)-16,_=Math.max(...a)-Math.min(...a)+32,h=Math.max(...l)-Math.min(...l)+32;return te`<g data-building=${r}>
        <rect class="building" x=${p} y=${u} width=${_} height=${h} rx="6"></rect>
        <text class="building-label" x=${p+4} y=${u-4}>${this.buildingName(r)}</text>
      </g>`})}path(e){let t=this.points.map(i=>e.get(i.device)).filter(i=>!!i);if(t.length<2)return c;let r=t.map((i,a)=>`${a?"L":"M"}${i.x.toFixed(1)} ${i.y.toFixed(1)}`).join(" ");return te`<path class="path" d=${r} marker-mid="url(#arrow)" marker-end="url(#arrow)"></path>`}stops(e){let t=new Map;return this.points.flatMap(r=>{let i=e.get(r.device);if(!i)return[];let a=t.get(r.device)??0;t.set(r.device,a+1);let l=i.x+a*14,p=i.y-14;return[te`<g data-stop=${r.label}>
          <circle class="stop ${this.selected===r.label?"selected":""}" cx=${l} cy=${p} r="8"></circle>
          <text class="stop-label" x=${l} y=${p+4} text-anchor="middle">${r.label}</text>
        </g>`]})}render(){let e=rr(this.devices),t=new Map(e.map(a=>[a.device.device,a])),r=new Set(this.points.map(a=>a.device)),i=this.devices.filter(a=>a.longitude===null||a.latitude===null);return n`<svg viewBox="0 0 ${800} ${520}" role="img" aria-label=${this.label}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0 0L10 5L0 10z" fill="var(--error-color, #db4437)"></path>
          </marker>
        </defs>
        ${this.buildings(e)}
        ${e.map(a=>te`<g data-device=${a.device.device}>
            <title>${a.device.name}</title>
            <circle class="device ${ts(a.device.kind)} ${a.device.online===!1?"offline":""}"
              cx=${a.x} cy=${a.y} r=${r.has(a.device.device)?7:5}></circle>
            ${this.showLabels||r.has(a.device.device)?te`<text class="device-label" x=${a.x+9} y=${a.y+4}>${a.device.gate??a.device.name}</text>`:c}
          </g>`)}
        ${this.path(t)} ${this.stops(t)}
      </svg>
      ${i.length&&this.unplacedText?n`<div class="unplaced">${this.unplacedText}</div>`:c}`}};j.styles=$`
    :host {
      display: block;
    }
    svg {
      width: 100%;
      height: auto;
      display: block;
      background: var(--secondary-background-color, #f5f5f5);
      border-radius: 8px;
    }
    .building {
      fill: var(--card-background-color, #fff);
      stroke: var(--divider-color, #ccc);
    }
    .building-label {
      fill: var(--secondary-text-color, #727272);
      font-size: 13px;
    }
    .device {
      stroke: var(--card-background-color, #fff);
      stroke-width: 1.5;
    }
    .entrance {
      fill: var(--primary-color, #03a9f4);
    }
    .camera {
      fill: var(--secondary-text-color, #727272);
    }
    .sensor {
      fill: var(--warning-color, #ffa600);
    }
    .other {
      fill: var(--disabled-text-color, #bdbdbd);
    }
    .offline {
      fill-opacity: 0.35;
    }
    .device-label {
      fill: var(--primary-text-color, #212121);
      font-size: 10px;
    }
    .path {
      fill: none;
      stroke: var(--error-color, #db4437);
      stroke-width: 2.5;
      stroke-linejoin: round;
    }
    .stop {
      fill: var(--error-color, #db4437);
    }
    .stop.selected {
      fill: var(--primary-color, #03a9f4);
    }
    .stop-label {
      fill: #fff;
      font-size: 11px;
      font-weight: bold;
    }
    .unplaced {
      color: var(--secondary-text-color, #727272);
      font-size: 12px;
      margin-top: 4px;
    }
  `,d([v({attribute:!1})],j.prototype,"devices",2),d([v({attribute:!1})],j.prototype,"points",2),d([v()],j.prototype,"selected",2),d([v()],j.prototype,"label",2),d([v()],j.prototype,"unplacedText",2),d([v({type:Boolean})],j.prototype,"showLabels",2),d([v({attribute:!1})],j.prototype,"buildingName",2),j=d([w("sc-site-plan")],j);var U=class extends k{constructor(){super(...arguments);this.devices=[];this.result=null;this.errors=b;this.busy=!1;this.selected="";this.initial={}}load(){let e={};for(let t of["person_id","cluster_id","start","end"]){let r=this.query.get(t);r&&(e[t]=r)}this.initial=e,this.result=null,this.api.call("smart_community/site/plan",{entry_id:this.entryId}).then(t=>this.devices=t.devices).catch(()=>this.devices=[]),(e.person_id||e.cluster_id)&&this.trace(e)}async trace(e){this.busy=!0,this.errors=b;let t={entry_id:this.entryId,...e.person_id?{person_id:e.person_id}:{},...e.cluster_id?{cluster_id:e.cluster_id}:{},...e.start?{start:Y(e.start)??e.start}:{},...e.end?{end:Y(e.end)??e.end}:{}};try{this.result=await this.api.call("smart_community/records/trajectory",t),this.selected=""}catch(r){this.result=null,this.errors=T(r,this.t,{person_id:"",cluster_id:"",start:"",end:"",...e})}finally{this.busy=!1}}submit(e){e.preventDefault();let t=D(e.target,["person_id","cluster_id","start","end"]);this.trace({person_id:"",cluster_id:"",start:"",end:"",...t})}subjectName(e){let t=e.subject;return t.name?t.role?`${t.name} (${this.t(`role.${t.role}`)})`:t.name:t.stranger_number!==null?this.t("stranger.number",{number:t.stranger_number}):t.person_id??t.cluster_id??""}renderPoint(e,t){let r=String(t+1),i=this.t;return n`<li
      data-point=${r}
      aria-current=${this.selected===r?"true":"false"}
      @click=${()=>this.selected=r}
    >
      <span class="n">${r}</span>
      <span>
        ${e.device_name??e.device}<br />
        <span class="muted">${this.dateTime(e.time)} · ${i(`record_kind.${e.kind}`)}</span>
      </span>
      <sc-images
        .images=${e.images}
        .labels=${{face:i("image.face"),scene:i("image.scene"),plate:i("image.plate"),vehicle:i("image.vehicle")}}
        max="1"
      ></sc-images>
    </li>`}render(){let e=this.t,t=this.errors,r=this.initial,i=this.result,a=this.devices.filter(l=>l.longitude===null||l.latitude===null);return n`<div class="card">
        <form class="form" @submit=${this.submit} novalidate>
          ${g(e("records.person"),"person_id",n`<input name="person_id" .value=${r.person_id??""} />`,t)}
          ${g(e("records.stranger"),"cluster_id",n`<input name="cluster_id" .value=${r.cluster_id??""} />`,t)}
          ${g(e("records.start"),"start",n`<input type="datetime-local" name="start" .value=${r.start?K(r.start,this.timeZone):""} />`,t)}
          ${g(e("records.end"),"end",n`<input type="datetime-local" name="end" .value=${r.end?K(r.end,this.timeZone):""} />`,t)}
          ${A(t)}
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${e("trajectory.show")}</button></div>
        </form>
      </div>
      <div class="layout">
        <div class="card" data-section="plan">
          <h2>${e("trajectory.plan")}</h2>
          <sc-site-plan
            .devices=${this.devices}
            .points=${i?i.points.map((l,p)=>({device:l.device,label:String(p+1)})):[]}
            .selected=${this.selected}
            .label=${e("trajectory.plan")}
            .buildingName=${l=>e("people.building",{building:l})}
            .unplacedText=${a.length?e("trajectory.unplaced",{devices:a.map(l=>l.name).join("、")}):""}
          ></sc-site-plan>
        </div>
        <div class="card" data-section="timeline">
          <h2>${i?this.subjectName(i):e("trajectory.timeline")}</h2>
          ${i?i.points.length?n`<ol>
                  ${i.points.map((l,p)=>this.renderPoint(l,p))}
                </ol>`:n`<div class="empty">${e("trajectory.none")}</div>`:n`<div class="empty">${e("trajectory.choose")}</div>`}
        </div>
      </div>
      ${c}`}};U.styles=[x,$`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr);
        gap: 16px;
      }
      :host([narrow]) .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 640px;
        overflow: auto;
      }
      li {
        display: grid;
        grid-template-columns: 28px minmax(0, 1fr) auto;
        gap: 8px;
        align-items: center;
        padding: 6px 4px;
        border-bottom: 1px solid var(--sc-border);
        cursor: pointer;
      }
      li[aria-current="true"] {
        background: var(--secondary-background-color, rgba(0, 0, 0, 0.05));
      }
      .n {
        width: 24px;
        height: 24px;
        border-radius: 50%;
        background: var(--sc-error);
        color: #fff;
        display: grid;
        place-items: center;
        font-size: 12px;
      }
    `],d([m()],U.prototype,"devices",2),d([m()],U.prototype,"result",2),d([m()],U.prototype,"errors",2),d([m()],U.prototype,"busy",2),d([m()],U.prototype,"selected",2),d([m()],U.prototype,"initial",2),U=d([w("sc-trajectory-view")],U);var ce=(o=>(o[o.Border=-1]="Border",o[o.Data=0]="Data",o[o.Function=1]="Function",o[o.Position=2]="Position",o[o.Timing=3]="Timing",o[o.Alignment=4]="Alignment",o))(ce||{}),rs=[0,1],ir=[1,0],or=[2,3],nr=[3,2],ss={L:rs,M:ir,Q:or,H:nr},is=/^\d*$/,os=/^[A-Z0-9 $%*+./:-]*$/,st="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:",at=1,lt=40,sr=3,ns=3,De=40,as=10,ar=[[-1,7,10,15,20,26,18,20,24,30,18,20,24,26,30,22,24,28,30,28,28,28,28,30,30,26,28,30,30,30,30,30,30,30,30,30,30,30,30,30,30],[-1,10,16,26,18,24,16,18,22,22,26,30,22,22,24,24,28,28,26,26,26,26,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28],[-1,13,22,18,26,18,24,18,22,20,24,28,26,24,20,30,24,28,28,26,30,28,30,30,30,30,28,30,30,30,30,30,30,30,30,30,30,30,30,30,30],[-1,17,28,22,16,22,28,26,26,24,28,24,28,22,24,24,30,28,28,26,28,30,24,30,30,30,30,30,30,30,30,30,30,30,30,30,30,30,30,30,30]],lr=[[-1,1,1,1,1,1,2,2,2,2,4,4,4,4,4,6,6,6,6,7,8,8,9,9,10,12,12,12,13,14,15,16,17,18,19,19,20,21,22,24,25],[-1,1,1,1,2,2,4,4,4,5,5,5,8,9,9,10,10,11,13,14,16,17,17,18,20,21,23,25,26,28,29,31,33,35,37,38,40,43,45,47,49],[-1,1,1,2,2,4,4,6,6,8,8,8,10,12,16,12,17,16,18,21,20,23,23,25,27,29,34,34,35,38,40,43,45,48,51,53,56,59,62,65,68],[-1,1,1,2,4,4,4,5,6,8,8,11,11,16,16,18,16,19,21,25,25,25,34,30,32,35,37,40,42,45,48,51,54,57,60,63,66,70,74,77,81]],it=class{constructor(s,e,t,r){he(this,"size");he(this,"mask");he(this,"modules",[]);he(this,"types",[]);if(this.version=s,this.ecc=e,s<at||s>lt)throw new RangeError("Version value out of range");if(r<-1||r>7)throw new RangeError("Mask value out of range");this.size=s*4+17;let i=Array.from({length:this.size}).fill(!1);for(let l=0;l<this.size;l++)this.modules.push(i.slice()),this.types.push(i.map(()=>0));this.drawFunctionPatterns();let a=this.addEccAndInterleave(t);if(this.drawCodewords(a),r===-1){let l=1e9;for(let p=0;p<8;p++){this.applyMask(p),this.drawFormatBits(p);let u=this.getPenaltyScore();u<l&&(r=p,l=u),this.applyMask(p)}}this.mask=r,this.applyMask(r),this.drawFormatBits(r)}getModule(s,e){return s>=0&&s<this.size&&e>=0&&e<this.size&&this.modules[e][s]}drawFunctionPatterns(){for(let t=0;t<this.size;t++)this.setFunctionModule(6,t,t%2===0,ce.Timing),this.setFunctionModule(t,6,t%2===0,ce.Timing);this.drawFinderPattern(3,3),this.drawFinderPattern(this.size-4,3),this.drawFinderPattern(3,this.size-4);let s=this.getAlignmentPatternPositions(),e=s.length;for(let t=0;t<e;t++)for(let r=0;r<e;r++)t===0&&r===0||t===0&&r===e-1||t===e-1&&r===0||this.drawAlignmentPattern(s[t],s[r]);this.drawFormatBits(0),this.drawVersion()}drawFormatBits(s){let e=this.ecc[1]<<3|s,t=e;for(let i=0;i<10;i++)t=t<<1^(t>>>9)*1335;let r=(e<<10|t)^21522;for(let i=0;i<=5;i++)this.setFunctionModule(8,i,Q(r,i));this.setFunctionModule(8,7,Q(r,6)),this.setFunctionModule(8,8,Q(r,7)),this.setFunctionModule(7,8,Q(r,8));for(let i=9;i<15;i++)this.setFunctionModule(14-i,8,Q(r,i));for(let i=0;i<8;i++)this.setFunctionModule(this.size-1-i,8,Q(r,i));for(let i=8;i<15;i++)this.setFunctionModule(8,this.size-15+i,Q(r,i));this.setFunctionModule(8,this.size-8,!0)}drawVersion(){if(this.version<7)return;let s=this.version;for(let t=0;t<12;t++)s=s<<1^(s>>>11)*7973;let e=this.version<<12|s;for(let t=0;t<18;t++){let r=Q(e,t),i=this.size-11+t%3,a=Math.floor(t/3);this.setFunctionModule(i,a,r),this.setFunctionModule(a,i,r)}}drawFinderPattern(s,e){for(let t=-4;t<=4;t++)for(let r=-4;r<=4;r++){let i=Math.max(Math.abs(r),Math.abs(t)),a=s+r,l=e+t;a>=0&&a<this.size&&l>=0&&l<this.size&&this.setFunctionModule(a,l,i!==2&&i!==4,ce.Position)}}drawAlignmentPattern(s,e){for(let t=-2;t<=2;t++)for(let r=-2;r<=2;r++)this.setFunctionModule(s+r,e+t,Math.max(Math.abs(r),Math.abs(t))!==1,ce.Alignment)}setFunctionModule(s,e,t,r=ce.Function){this.modules[e][s]=t,this.types[e][s]=r}addEccAndInterleave(s){let e=this.version,t=this.ecc;if(s.length!==Ne(e,t))throw new RangeError("Invalid argument");let r=lr[t[0]][e],i=ar[t[0]][e],a=Math.floor(ot(e)/8),l=r-a%r,p=Math.floor(a/r),u=[],_=_s(i);for(let f=0,I=0;f<r;f++){let E=s.slice(I,I+p-i+(f<l?0:1));I+=E.length;let Fe=vs(E,_);f<l&&E.push(0),u.push(E.concat(Fe))}let h=[];for(let f=0;f<u[0].length;f++)u.forEach((I,E)=>{(f!==p-i||E>=l)&&h.push(I[f])});return h}drawCodewords(s){if(s.length!==Math.floor(ot(this.version)/8))throw new RangeError("Invalid argument");let e=0;for(let t=this.size-1;t>=1;t-=2){t===6&&(t=5);for(let r=0;r<this.size;r++)for(let i=0;i<2;i++){let a=t-i,p=(t+1&2)===0?this.size-1-r:r;!this.types[p][a]&&e<s.length*8&&(this.modules[p][a]=Q(s[e>>>3],7-(e&7)),e++)}}}applyMask(s){if(s<0||s>7)throw new RangeError("Mask value out of range");for(let e=0;e<this.size;e++)for(let t=0;t<this.size;t++){let r;switch(s){case 0:r=(t+e)%2===0;break;case 1:r=e%2===0;break;case 2:r=t%3===0;break;case 3:r=(t+e)%3===0;break;case 4:r=(Math.floor(t/3)+Math.floor(e/2))%2===0;break;case 5:r=t*e%2+t*e%3===0;break;case 6:r=(t*e%2+t*e%3)%2===0;break;case 7:r=((t+e)%2+t*e%3)%2===0;break;default:throw new Error("Unreachable")}!this.types[e][t]&&r&&(this.modules[e][t]=!this.modules[e][t])}}getPenaltyScore(){let s=0;for(let i=0;i<this.size;i++){let a=!1,l=0,p=[0,0,0,0,0,0,0];for(let u=0;u<this.size;u++)this.modules[i][u]===a?(l++,l===5?s+=sr:l>5&&s++):(this.finderPenaltyAddHistory(l,p),a||(s+=this.finderPenaltyCountPatterns(p)*De),a=this.modules[i][u],l=1);s+=this.finderPenaltyTerminateAndCount(a,l,p)*De}for(let i=0;i<this.size;i++){let a=!1,l=0,p=[0,0,0,0,0,0,0];for(let u=0;u<this.size;u++)this.modules[u][i]===a?(l++,l===5?s+=sr:l>5&&s++):(this.finderPenaltyAddHistory(l,p),a||(s+=this.finderPenaltyCountPatterns(p)*De),a=this.modules[u][i],l=1);s+=this.finderPenaltyTerminateAndCount(a,l,p)*De}for(let i=0;i<this.size-1;i++)for(let a=0;a<this.size-1;a++){let l=this.modules[i][a];l===this.modules[i][a+1]&&l===this.modules[i+1][a]&&l===this.modules[i+1][a+1]&&(s+=ns)}let e=0;for(let i of this.modules)e=i.reduce((a,l)=>a+(l?1:0),e);let t=this.size*this.size,r=Math.ceil(Math.abs(e*20-t*10)/t)-1;return s+=r*as,s}getAlignmentPatternPositions(){if(this.version===1)return[];{let s=Math.floor(this.version/7)+2,e=this.version===32?26:Math.ceil((this.version*4+4)/(s*2-2))*2,t=[6];for(let r=this.size-7;t.length<s;r-=e)t.splice(1,0,r);return t}}finderPenaltyCountPatterns(s){let e=s[1],t=e>0&&s[2]===e&&s[3]===e*3&&s[4]===e&&s[5]===e;return(t&&s[0]>=e*4&&s[6]>=e?1:0)+(t&&s[6]>=e*4&&s[0]>=e?1:0)}finderPenaltyTerminateAndCount(s,e,t){return s&&(this.finderPenaltyAddHistory(e,t),e=0),e+=this.size,this.finderPenaltyAddHistory(e,t),this.finderPenaltyCountPatterns(t)}finderPenaltyAddHistory(s,e){e[0]===0&&(s+=this.size),e.pop(),e.unshift(s)}};function V(o,s,e){if(s<0||s>31||o>>>s)throw new RangeError("Value out of range");for(let t=s-1;t>=0;t--)e.push(o>>>t&1)}function Q(o,s){return(o>>>s&1)!==0}var ke=class{constructor(s,e,t){if(this.mode=s,this.numChars=e,this.bitData=t,e<0)throw new RangeError("Invalid argument");this.bitData=t.slice()}getData(){return this.bitData.slice()}},ls=[1,10,12,14],ds=[2,9,11,13],cs=[4,8,16,16];function dr(o,s){return o[Math.floor((s+7)/17)+1]}function cr(o){let s=[];for(let e of o)V(e,8,s);return new ke(cs,o.length,s)}function ps(o){if(!pr(o))throw new RangeError("String contains non-numeric characters");let s=[];for(let e=0;e<o.length;){let t=Math.min(o.length-e,3);V(Number.parseInt(o.substring(e,e+t),10),t*3+1,s),e+=t}return new ke(ls,o.length,s)}function ms(o){if(!mr(o))throw new RangeError("String contains unencodable characters in alphanumeric mode");let s=[],e;for(e=0;e+2<=o.length;e+=2){let t=st.indexOf(o.charAt(e))*45;t+=st.indexOf(o.charAt(e+1)),V(t,11,s)}return e<o.length&&V(st.indexOf(o.charAt(e)),6,s),new ke(ds,o.length,s)}function us(o){return o===""?[]:pr(o)?[ps(o)]:mr(o)?[ms(o)]:[cr(gs(o))]}function pr(o){return is.test(o)}function mr(o){return os.test(o)}function hs(o,s){let e=0;for(let t of o){let r=dr(t.mode,s);if(t.numChars>=1<<r)return Number.POSITIVE_INFINITY;e+=4+r+t.bitData.length}return e}function gs(o){o=encodeURI(o);let s=[];for(let e=0;e<o.length;e++)o.charAt(e)!=="%"?s.push(o.charCodeAt(e)):(s.push(Number.parseInt(o.substring(e+1,e+3),16)),e+=2);return s}function ot(o){if(o<at||o>lt)throw new RangeError("Version number out of range");let s=(16*o+128)*o+64;if(o>=2){let e=Math.floor(o/7)+2;s-=(25*e-10)*e-55,o>=7&&(s-=36)}return s}function Ne(o,s){return Math.floor(ot(o)/8)-ar[s[0]][o]*lr[s[0]][o]}function _s(o){if(o<1||o>255)throw new RangeError("Degree out of range");let s=[];for(let t=0;t<o-1;t++)s.push(0);s.push(1);let e=1;for(let t=0;t<o;t++){for(let r=0;r<s.length;r++)s[r]=nt(s[r],e),r+1<s.length&&(s[r]^=s[r+1]);e=nt(e,2)}return s}function vs(o,s){let e=s.map(t=>0);for(let t of o){let r=t^e.shift();e.push(0),s.forEach((i,a)=>e[a]^=nt(i,r))}return e}function nt(o,s){if(o>>>8||s>>>8)throw new RangeError("Byte out of range");let e=0;for(let t=7;t>=0;t--)e=e<<1^(e>>>7)*285,e^=(s>>>t&1)*o;return e}function fs(o,s,e=1,t=40,r=-1,i=!0){if(!(at<=e&&e<=t&&t<=lt)||r<-1||r>7)throw new RangeError("Invalid value");let a,l;for(a=e;;a++){let h=Ne(a,s)*8,f=hs(o,a);if(f<=h){l=f;break}if(a>=t)throw new RangeError("Data too long")}for(let h of[ir,or,nr])i&&l<=Ne(a,h)*8&&(s=h);let p=[];for(let h of o){V(h.mode[0],4,p),V(h.numChars,dr(h.mode,a),p);for(let f of h.getData())p.push(f)}let u=Ne(a,s)*8;V(0,Math.min(4,u-p.length),p),V(0,(8-p.length%8)%8,p);for(let h=236;p.length<u;h^=253)V(h,8,p);let _=Array.from({length:Math.ceil(p.length/8)},()=>0);return p.forEach((h,f)=>_[f>>>3]|=h<<7-(f&7)),new it(a,s,_,r)}function ur(o,s){let{ecc:e="L",boostEcc:t=!1,minVersion:r=1,maxVersion:i=40,maskPattern:a=-1,border:l=1}=s||{},p=typeof o=="string"?us(o):Array.isArray(o)?[cr(o)]:void 0;if(!p)throw new Error(`uqr only supports encoding string and binary data, but got: ${typeof o}`);let u=fs(p,ss[e],r,i,a,t),_=ys({version:u.version,maskPattern:u.mask,size:u.size,data:u.modules,types:u.types},l);return s?.invert&&(_.data=_.data.map(h=>h.map(f=>!f))),s?.onEncoded?.(_),_}function ys(o,s=1){if(!s)return o;let{size:e}=o,t=e+s*2;o.size=t,o.data.forEach(i=>{for(let a=0;a<s;a++)i.unshift(!1),i.push(!1)});for(let i=0;i<s;i++)o.data.unshift(Array.from({length:t},a=>!1)),o.data.push(Array.from({length:t},a=>!1));let r=ce.Border;o.types.forEach(i=>{for(let a=0;a<s;a++)i.unshift(r),i.push(r)});for(let i=0;i<s;i++)o.types.unshift(Array.from({length:t},a=>r)),o.types.push(Array.from({length:t},a=>r));return o}function bs(o){return ur(o,{ecc:"M",border:4}).data}function hr(o){let s=bs(o),e="";return s.forEach((t,r)=>t.forEach((i,a)=>{i&&(e+=`M${a} ${r}h1v1h-1z`)})),{size:s.length,path:e}}var pe=class extends S{constructor(){super(...arguments);this.value="";this.label=""}render(){let{size:e,path:t}=hr(this.value);return n`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${e} ${e}" role="img"
      aria-label=${this.label} shape-rendering="crispEdges">
      <rect width=${e} height=${e} fill="#fff"></rect>
      <path d=${t} fill="#000"></path>
    </svg>`}};pe.styles=$`
    :host {
      display: inline-block;
      width: 200px;
      height: 200px;
    }
    svg {
      width: 100%;
      height: 100%;
      display: block;
    }
  `,d([v()],pe.prototype,"value",2),d([v()],pe.prototype,"label",2),pe=d([w("sc-qr")],pe);var $s=["active","upcoming","expired"],ws=4,gr=["host","name","mobile","id_number","valid_from","valid_until","plate"],L=class extends k{constructor(){super(...arguments);this.status="active";this.passes=[];this.nextCursor=null;this.errors=b;this.error="";this.notice="";this.host=null;this.candidates=[];this.issued=null;this.shown=null;this.busy=!1}load(){this.readNameCluster(),this.list(!1)}async list(e){this.error="";try{let t=await this.api.call("smart_community/visitors/list",{entry_id:this.entryId,status:this.status,limit:50,...e&&this.nextCursor?{cursor:this.nextCursor}:{}});this.passes=e?[...this.passes,...t.passes]:t.passes,this.nextCursor=t.next_cursor}catch(t){this.error=y(t,this.t).text}}async findHosts(e){if(this.host=null,!e.trim()){this.candidates=[];return}try{let t=await this.api.call("smart_community/people/list",{entry_id:this.entryId,query:e,limit:8});this.candidates=t.people.filter(r=>r.role!=="visitor")}catch{this.candidates=[]}}async issue(e){e.preventDefault();let t=e.target,r=D(t,gr),i=zt(t,"gates"),a=this.host?.person_id??r.host??"";this.busy=!0,this.errors=b;try{let l=await this.api.call("smart_community/visitors/issue",{entry_id:this.entryId,host_id:a,name:r.name??"",valid_from:Y(r.valid_from??"")??"",valid_until:Y(r.valid_until??"")??"",gates:i,...r.mobile?{mobile:r.mobile}:{},...r.id_number?{id_number:r.id_number}:{},...r.plate?{plate:r.plate}:{}});this.issued=l.pass,this.notice="";let p=await this.nameStranger(l.pass.person_id,l.pass.name);p&&"notice"in p&&(this.notice=p.notice),p&&"error"in p&&(this.error=p.error),this.resetForm(t),this.host=null,this.list(!1)}catch(l){let p={...de(t,gr),host_id:a,gates:i},u=T(l,this.t,p);u.fields.host_id&&(u.fields.host=u.fields.host_id),this.errors=u}finally{this.busy=!1}}resetForm(e){e.reset();let{from:t,until:r}=this.defaultWindow();e.elements.namedItem("valid_from").value=t,e.elements.namedItem("valid_until").value=r}defaultWindow(){let e=new Date;return{from:K(e,this.timeZone),until:K(new Date(e.getTime()+ws*36e5),this.timeZone)}}async revoke(e){this.error="";try{let t=await this.api.call("smart_community/visitors/revoke",{entry_id:this.entryId,person_id:e.person_id});this.notice=this.t("visitors.revoked",{name:t.pass.name}),this.issued?.person_id===e.person_id&&(this.issued=null),this.list(!1)}catch(t){this.error=y(t,this.t).text}}window(e){return`${this.dateTime(e.valid_from)} – ${this.dateTime(e.valid_until)}`}gatesText(e){return e.gates.length?e.gates.join("、"):this.t("visitors.all_gates")}renderPass(e,t){let r=this.t;return n`<div class="pass" data-pass=${e.person_id}>
      <sc-qr class=${t?"big":""} .value=${e.qr} .label=${r("visitors.qr_label",{name:e.name})}></sc-qr>
      <div>
        <h3>${e.name}</h3>
        <div>${r("visitors.host")}: ${e.host_name}${e.host_address?` · ${e.host_address}`:""}</div>
        <div>${r("visitors.window")}: ${this.window(e)}</div>
        <div>${r("visitors.gates")}: ${this.gatesText(e)}</div>
        ${e.plate?n`<div>${r("visitors.plate")}: ${e.plate}</div>`:c}
        <div><span class="badge ${e.status==="active"?"ok":e.status==="upcoming"?"warn":"bad"}">${r(`pass_status.${e.status}`)}</span></div>
      </div>
    </div>`}renderForm(){let e=this.t,t=this.errors,r=this.defaultWindow();return n`<div class="card">
      <h2>${e("visitors.issue")}</h2>
      ${this.nameCluster?n`<div class="notice">${e("visitors.naming_stranger",{stranger:e("stranger.number",{number:this.nameCluster.number})})}</div>`:c}
      <form class="form" data-form="visitor" @submit=${this.issue} novalidate>
        ${g(e("visitors.host"),"host",n`<input
            name="host"
            autocomplete="off"
            placeholder=${e("people.search_placeholder")}
            .value=${this.host?`${this.host.name} · ${this.host.person_id}`:""}
            @input=${i=>this.findHosts(i.target.value)}
          />`,t)}
        ${this.candidates.length&&!this.host?n`<div class="candidates wide">
              ${this.candidates.map(i=>n`<button
                  type="button"
                  data-candidate=${i.person_id}
                  @click=${()=>{this.host=i,this.candidates=[]}}
                >
                  ${i.name} (${e(`role.${i.role}`)})${i.building?` · ${e("people.address",{building:i.building,unit:i.unit??"",room:i.room??""})}`:""}
                </button>`)}
            </div>`:c}
        ${g(e("visitors.name"),"name",n`<input name="name" />`,t)}
        ${g(e("people.mobile"),"mobile",n`<input name="mobile" type="tel" />`,t)}
        ${g(e("people.id_number"),"id_number",n`<input name="id_number" autocomplete="off" />`,t)}
        ${g(e("visitors.valid_from"),"valid_from",n`<input type="datetime-local" name="valid_from" .value=${r.from} />`,t)}
        ${g(e("visitors.valid_until"),"valid_until",n`<input type="datetime-local" name="valid_until" .value=${r.until} />`,t)}
        ${g(e("visitors.plate"),"plate",n`<input name="plate" placeholder="皖A12345" />`,t)}
        ${g(e("visitors.gates"),"gates",n`<div class="choices">
            ${this.session.community.gates.map(i=>n`<label class="field check"><input type="checkbox" name="gates" value=${i} /> ${i}</label>`)}
          </div>`,t,{hint:e("visitors.gates_hint"),wide:!0})}
        ${A(t)}
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${e("visitors.issue_button")}</button></div>
      </form>
      ${this.issued?n`<div class="card" data-section="issued">${this.renderPass(this.issued,!0)}</div>`:c}
    </div>`}renderList(){let e=this.t;return n`<div class="card" data-section="passes">
      <div class="tabs" role="tablist">
        ${$s.map(t=>n`<button
            role="tab"
            data-status=${t}
            aria-selected=${this.status===t?"true":"false"}
            @click=${()=>{this.status=t,this.list(!1)}}
          >
            ${e(`pass_status.${t}`)}
          </button>`)}
      </div>
      ${this.passes.length===0?n`<div class="empty">${e("visitors.none")}</div>`:c}
      <div class="scroll">
        <table class="cards">
          <tbody>
            ${this.passes.map(t=>n`<tr data-pass=${t.person_id}>
                <td data-label=${e("visitors.name")}><b>${t.name}</b><br /><span class="muted">${t.mobile??""}</span></td>
                <td data-label=${e("visitors.host")}>${t.host_name}<br /><span class="muted">${t.host_address??""}</span></td>
                <td data-label=${e("visitors.window")}>${this.window(t)}</td>
                <td data-label=${e("visitors.gates")}>${this.gatesText(t)}${t.plate?n`<br />${t.plate}`:c}</td>
                <td>
                  <div class="row">
                    ${t.status!=="expired"&&t.status!=="revoked"?n`<button class="small" data-action="qr" @click=${()=>this.shown=t}>${e("visitors.show_qr")}</button>
                          <button class="small danger" data-action="revoke" @click=${()=>this.revoke(t)}>${e("visitors.revoke")}</button>`:n`<span class="badge bad">${e(`pass_status.${t.status}`)}</span>`}
                  </div>
                </td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${this.nextCursor?n`<button @click=${()=>this.list(!0)}>${e("common.more")}</button>`:c}
    </div>`}render(){let e=this.t;return n`${this.error?n`<div class="form-error" role="alert">${this.error}</div>`:c}
      ${this.notice?n`<div class="notice" role="status">${this.notice}</div>`:c}
      <div class="columns">${this.renderForm()} ${this.renderList()}</div>
      ${this.shown?n`<sc-dialog open heading=${e("visitors.pass_of",{name:this.shown.name})} closeLabel=${e("common.close")} @closed=${()=>this.shown=null}>
            ${this.renderPass(this.shown,!0)}
          </sc-dialog>`:c}`}};L.styles=[x,$`
      .candidates button {
        display: block;
        width: 100%;
        text-align: start;
        border-radius: 6px;
        margin: 2px 0;
      }
      .pass {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 16px;
        align-items: center;
      }
      :host([narrow]) .pass {
        grid-template-columns: minmax(0, 1fr);
        justify-items: center;
      }
      sc-qr.big {
        width: min(320px, 80vw);
        height: min(320px, 80vw);
      }
    `],d([m()],L.prototype,"status",2),d([m()],L.prototype,"passes",2),d([m()],L.prototype,"nextCursor",2),d([m()],L.prototype,"errors",2),d([m()],L.prototype,"error",2),d([m()],L.prototype,"notice",2),d([m()],L.prototype,"host",2),d([m()],L.prototype,"candidates",2),d([m()],L.prototype,"issued",2),d([m()],L.prototype,"shown",2),d([m()],L.prototype,"busy",2),L=d([w("sc-visitors-view")],L);var _r="smart_community.entry_id",xs="M3,6H21V8H3V6M3,11H21V13H3V11M3,16H21V18H3V16Z",H=class extends S{constructor(){super(...arguments);this.narrow=!1;this.route={prefix:"/smart-community",path:""};this.panel={};this.language="en";this.sessionResult=null;this.entryId="";this.failure="";this.search="";this.currentHass=null;this.api=null;this.loading=!1;this.onLocation=()=>{this.search=window.location.search}}set hass(e){let t=this.currentHass;this.currentHass=e,(!t||t.connection!==e.connection)&&(this.api=new Ae(e),this.sessionResult=null,this.loadSession());let r=jt(e);r!==this.language&&(this.language=r),(!t||t.user?.id!==e.user?.id||t.config.time_zone!==e.config.time_zone)&&this.requestUpdate()}get hass(){if(!this.currentHass)throw new Error("hass is not set yet");return this.currentHass}connectedCallback(){super.connectedCallback(),window.addEventListener("location-changed",this.onLocation),window.addEventListener("popstate",this.onLocation),this.search=window.location.search}disconnectedCallback(){super.disconnectedCallback(),window.removeEventListener("location-changed",this.onLocation),window.removeEventListener("popstate",this.onLocation)}async loadSession(){if(!(!this.api||this.loading)){this.loading=!0,this.failure="";try{let e=await this.api.call("smart_community/session",{});this.sessionResult=e,this.entryId=this.pickCommunity(e.communities)}catch(e){this.failure=y(e,xe(this.language)).text}finally{this.loading=!1}}}pickCommunity(e){let t=[this.panel.config?.entry_id,window.localStorage.getItem(_r)];for(let r of t)if(r&&e.some(i=>i.entry_id===r))return r;return e[0]?.entry_id??""}chooseCommunity(e){this.entryId=e,window.localStorage.setItem(_r,e)}allowedViews(){let e=this.sessionResult?.permissions??[];return Nt.filter(t=>e.includes(t.permission)).map(t=>t.id)}currentView(e){let t=this.route.path.split("/")[1]??"";return e.find(i=>i===t)??e[0]??null}updated(){Bt(this.route.prefix);let e=this.allowedViews(),t=this.currentView(e),r=this.route.path.split("/")[1]??"";this.sessionResult&&t&&r!==t&&G(B(t),!0)}toggleMenu(){this.dispatchEvent(new CustomEvent("hass-toggle-menu",{bubbles:!0,composed:!0}))}renderView(e,t){let r=At(`sc-${e}-view`);return Ct`<${r}
      .hass=${this.hass}
      .api=${this.api}
      .session=${t}
      .language=${this.language}
      .query=${new URLSearchParams(this.search)}
      ?narrow=${this.narrow}
    ></${r}>`}render(){let e=xe(this.language),t=this.sessionResult,r=this.allowedViews(),i=this.currentView(r),a=t?.communities.find(p=>p.entry_id===this.entryId)??null,l=t&&a?{role:t.role,permissions:t.permissions,community:a,userName:t.user.name}:null;return n`<header>
        <div class="bar">
          ${this.narrow?n`<button class="menu" aria-label=${e("panel.menu")} title=${e("panel.menu")} @click=${this.toggleMenu}>
                <svg viewBox="0 0 24 24"><path d=${xs}></path></svg>
              </button>`:c}
          <h1>${e("panel.title")}${a&&!this.narrow?n` · ${a.name}`:c}</h1>
          ${t&&t.communities.length>1?n`<select
                aria-label=${e("panel.community")}
                @change=${p=>this.chooseCommunity(p.target.value)}
              >
                ${t.communities.map(p=>n`<option value=${p.entry_id} ?selected=${p.entry_id===this.entryId}>${p.name}</option>`)}
              </select>`:c}
          ${t?n`<span class="badge" data-role=${t.role}>${e(`role_console.${t.role}`)}</span>`:c}
        </div>
        ${l?n`<nav aria-label=${e("panel.views")}>
              ${r.map(p=>n`<a
                  href=${B(p)}
                  data-view=${p}
                  aria-current=${p===i?"page":"false"}
                  @click=${u=>{u.preventDefault(),G(B(p))}}
                  >${e(`view.${p}`)}</a
                >`)}
            </nav>`:c}
      </header>
      <main>
        ${this.failure?n`<div class="form-error" role="alert">
              ${this.failure}
              <button class="small" @click=${()=>this.loadSession()}>${e("common.retry")}</button>
            </div>`:c}
        ${!t&&!this.failure?n`<div class="empty">${e("common.loading")}</div>`:c}
        ${t&&t.communities.length===0?n`<div class="empty">${e("panel.no_community")}</div>`:c}
        ${l&&i?this.renderView(i,l):c}
      </main>`}};H.styles=[x,$`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--primary-background-color, #fafafa);
      }
      header {
        background: var(--app-header-background-color, var(--primary-color, #03a9f4));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        position: sticky;
        top: 0;
        z-index: 2;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 8px;
        height: 56px;
        padding: 0 12px;
      }
      .bar h1 {
        font-size: 20px;
        font-weight: 400;
        margin: 0;
        flex: 1;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .menu {
        border: none;
        color: inherit;
        padding: 8px;
        border-radius: 50%;
      }
      .menu svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      header select {
        background: transparent;
        color: inherit;
        border-color: currentColor;
        max-width: 50vw;
      }
      header select option {
        color: var(--primary-text-color, #212121);
        background: var(--sc-card);
      }
      nav {
        display: flex;
        overflow-x: auto;
        padding: 0 8px;
        scrollbar-width: none;
      }
      nav a {
        color: inherit;
        opacity: 0.8;
        text-decoration: none;
        padding: 10px 14px;
        white-space: nowrap;
        border-bottom: 2px solid transparent;
      }
      nav a[aria-current="page"] {
        opacity: 1;
        border-bottom-color: currentColor;
      }
      main {
        padding: 16px;
        max-width: 1400px;
        margin: 0 auto;
        box-sizing: border-box;
      }
      :host([narrow]) main {
        padding: 8px;
      }
    `],d([v({type:Boolean,reflect:!0})],H.prototype,"narrow",2),d([v({attribute:!1})],H.prototype,"route",2),d([v({attribute:!1})],H.prototype,"panel",2),d([m()],H.prototype,"language",2),d([m()],H.prototype,"sessionResult",2),d([m()],H.prototype,"entryId",2),d([m()],H.prototype,"failure",2),d([m()],H.prototype,"search",2),H=d([w("smart-community-panel")],H);export{H as SmartCommunityPanel};
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
@lit/reactive-element/decorators/custom-element.js:
@lit/reactive-element/decorators/property.js:
@lit/reactive-element/decorators/state.js:
@lit/reactive-element/decorators/event-options.js:
@lit/reactive-element/decorators/base.js:
@lit/reactive-element/decorators/query.js:
@lit/reactive-element/decorators/query-all.js:
@lit/reactive-element/decorators/query-async.js:
@lit/reactive-element/decorators/query-assigned-nodes.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/decorators/query-assigned-elements.js:
  (**
   * @license
   * Copyright 2021 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/static.js:
  (**
   * @license
   * Copyright 2020 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
